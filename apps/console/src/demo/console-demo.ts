import { randomBytes } from 'node:crypto';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { createServer, type RunningServer, serve } from '@agent-runtime/server';
import { createPostgresStores, openPGlite } from '@agent-runtime/store-postgres';
import { buildStatus, DEPLOY_PROMPT, demoAgent, deployChanges, STATUS_PROMPT } from './demo-agent';

export interface ConsoleDemoOptions {
  /** The console's build (`vite build` output), served at `/`. @default none (the API only) */
  staticDir?: string;
  /** @default 4500 */
  port?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
  /** A PGlite data directory that keeps jobs across runs. @default in memory */
  dataDir?: string;
  /** @default a random key */
  apiKey?: string;
  /** Start the demo's example jobs (two that finish, one waiting for approval). @default true */
  seed?: boolean;
}

export interface ConsoleDemo {
  readonly url: string;
  /** The demo tenant's admin key. */
  readonly apiKey: string;
  /** The console, with the key in the hash (the console moves it to sessionStorage). */
  readonly consoleUrl: string;
  readonly kernel: RuntimeKernel;
  close(): Promise<void>;
}

export const DEMO_SCOPE = 'demo-tenant';
/** What the demo model's tokens cost (USD per million), so the usage page shows spend. */
const DEMO_PRICING = { 'gpt-5-nano': { inputPerMillion: '0.05', outputPerMillion: '0.40' } };

/** The server and the console on embedded PGlite with the offline demo agent. */
export async function startConsoleDemo(options: ConsoleDemoOptions): Promise<ConsoleDemo> {
  const db = await openPGlite(options.dataDir);
  const { migrate, ...stores } = createPostgresStores(db);
  await migrate();
  const kernel = RuntimeKernel.create({
    agent: demoAgent(),
    tools: [deployChanges, buildStatus],
    shutdownGraceSeconds: 0,
    pricing: DEMO_PRICING,
    ...stores,
  });
  const apiKey = options.apiKey ?? `demo-${randomBytes(12).toString('hex')}`;
  const app = createServer({
    kernel,
    apiKeys: { [apiKey]: { scopeId: DEMO_SCOPE, principalId: 'demo-admin', roles: ['admin'] } },
    ...(options.staticDir ? { staticDir: options.staticDir } : {}),
  });
  let running: RunningServer;
  try {
    running = await serve(app, { port: options.port ?? 4500, hostname: options.hostname ?? '127.0.0.1' });
    if (options.seed ?? true) await seedJobs(kernel);
  } catch (error) {
    await kernel.shutdown();
    await db.close();
    throw error;
  }
  return {
    url: running.url,
    apiKey,
    consoleUrl: `${running.url}/#key=${apiKey}`,
    kernel,
    close: async () => {
      await running.close();
      await kernel.shutdown();
      await db.close();
    },
  };
}

/**
 * Two jobs that finish, then one that waits for approval (resolves once its action is pending); nothing when
 * the tenant has jobs already (a `dataDir` from an earlier run).
 */
async function seedJobs(kernel: RuntimeKernel): Promise<void> {
  const scope = kernel.forScope(DEMO_SCOPE);
  if ((await scope.listJobs({ limit: 1 })).length > 0) return;
  for (const prompt of [STATUS_PROMPT, 'Write a haiku about type safety']) {
    const handle = await scope.execute({ prompt, principalId: 'demo-admin', metadata: { prompt } });
    await handle.result();
  }
  const waiting = await scope.execute({
    prompt: DEPLOY_PROMPT,
    principalId: 'demo-admin',
    metadata: { prompt: DEPLOY_PROMPT },
  });
  for (let attempt = 0; attempt < 200; attempt++) {
    if ((await scope.listPendingActions({ jobId: waiting.jobId })).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`the seeded job ${waiting.jobId} did not reach its approval within 5 s`);
}
