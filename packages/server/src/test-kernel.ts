// Test support (not exported): kernels over an offline scripted agent, served on 127.0.0.1 port 0.
import { randomUUID } from 'node:crypto';
import { type ScriptedStep, scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import {
  type AgentDriver,
  defineTool,
  RuntimeKernel,
  type RuntimeKernelCreateOptions,
} from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { z } from 'zod';
import { createServer, type ServerOptions } from './create-server';
import { type RunningServer, serve } from './serve';

/** A prompt that makes the agent call `deploy_changes`, which waits for a human's approval. */
export const NEEDS_APPROVAL = 'Deploy the changes';

const SCRIPTS: Record<string, () => ScriptedStep[]> = {
  [NEEDS_APPROVAL]: () => [
    {
      toolCalls: [{ toolName: 'deploy_changes', input: { environment: 'production' } }],
      usage: { inputTokens: 95, outputTokens: 16 },
    },
    { text: 'Deployed.', usage: { inputTokens: 140, outputTokens: 17 } },
  ],
};
const answer = (prompt: string): ScriptedStep[] => [
  { text: `Answer to: ${prompt}`, usage: { inputTokens: 10, outputTokens: 5 } },
];

/** An offline agent: each run plays the script of its prompt (the approval flow) or answers in one step. */
export function offlineAgent({ chunkDelayMs }: { chunkDelayMs?: number } = {}): AgentDriver {
  const driverOf = (prompt: string) =>
    scriptedDriver((SCRIPTS[prompt] ?? (() => answer(prompt)))(), {
      middleware: 'none',
      modelOptions: { provider: 'openai', modelId: 'gpt-5-nano', chunkDelayMs },
    });
  const model = driverOf('').model;
  return { model, run: (request) => driverOf(request.prompt).run(request) };
}

export const deployChanges = defineTool({
  name: 'deploy_changes',
  description: 'Deploys after a human confirms',
  inputSchema: z.object({ environment: z.string() }),
  async execute({ environment }, toolContext) {
    const action = await toolContext.requireAction({
      type: 'confirm',
      payload: { message: `Deploy to ${environment}?` },
      timeoutSeconds: 300,
    });
    return { deployed: action.resolution?.approved === true };
  },
});

export function memoryKernel(options: Omit<RuntimeKernelCreateOptions, 'agent'> = {}): RuntimeKernel {
  return RuntimeKernel.create({
    agent: offlineAgent(),
    tools: [deployChanges],
    shutdownGraceSeconds: 0,
    ...options,
  });
}

export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A kernel on every PostgreSQL store, in a fresh schema; `drop()` removes the schema and ends the pool. */
export async function postgresKernel(application: string) {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 8, application_name: application });
  const schema = `server_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const { migrate, ...stores } = createPostgresStores(pool, { schema });
  await migrate();
  const kernel = RuntimeKernel.create({
    agent: offlineAgent(),
    tools: [deployChanges],
    shutdownGraceSeconds: 0,
    ...stores,
  });
  const drop = async () => {
    await kernel.shutdown();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  };
  return { kernel, pool, drop };
}

/** Two tenants, each with a key of every role, and an approver-only and read-only key. */
export const API_KEYS = {
  'key-a-admin': { scopeId: 'tenant-a', principalId: 'alice', roles: ['admin'] },
  'key-a-submit': { scopeId: 'tenant-a', principalId: 'alice', roles: ['submit'] },
  'key-a-read': { scopeId: 'tenant-a', principalId: 'auditor', roles: ['read'] },
  'key-a-approve': { scopeId: 'tenant-a', principalId: 'approver', roles: ['approve'] },
  'key-b-admin': { scopeId: 'tenant-b', principalId: 'bob', roles: ['admin'] },
} satisfies ServerOptions['apiKeys'];

export type KeyName = keyof typeof API_KEYS;

/** An HTTP client of a running server: JSON in and out, with one of the API keys. */
export class TestClient {
  /** Every JSON response body text this client received, for the resume-token scan. */
  readonly bodies: string[] = [];

  constructor(readonly url: string) {}

  async request(
    method: string,
    path: string,
    { key, body, headers = {} }: { key?: KeyName; body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    this.bodies.push(text);
    const json =
      text && /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : undefined;
    return { status: response.status, contentType: response.headers.get('content-type'), json, text };
  }
}

export async function startServer(
  kernel: RuntimeKernel,
  options: Partial<ServerOptions> = {},
): Promise<RunningServer & { client: TestClient }> {
  const running = await serve(createServer({ kernel, apiKeys: API_KEYS, ...options }), { port: 0 });
  return { ...running, client: new TestClient(running.url) };
}

/** Polls `read` (every 20 ms, at most `timeoutMs`) until `done` holds for its value; returns that value. */
export async function waitFor<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`waitFor: not done within ${timeoutMs} ms (last: ${JSON.stringify(value)})`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Starts a job, waits until it is `waiting_action`, and returns its id and its pending action's id. */
export async function jobWaitingForApproval(client: TestClient, key: KeyName = 'key-a-admin') {
  const created = await client.request('POST', '/v1/jobs', { key, body: { prompt: NEEDS_APPROVAL } });
  if (created.status !== 201) throw new Error(`POST /v1/jobs: ${created.status} ${created.text}`);
  const jobId = created.json.jobId as string;
  const actions = await waitFor(
    () => client.request('GET', `/v1/actions?jobId=${jobId}`, { key }),
    (r) => r.json?.items?.length === 1,
  );
  // the action is stored before the job's status moves to waiting_action: wait for both
  await waitFor(
    () => client.request('GET', `/v1/jobs/${jobId}`, { key }),
    (r) => r.json?.status === 'waiting_action',
  );
  return { jobId, actionId: actions.json.items[0].actionId as string };
}
