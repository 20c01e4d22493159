// Test support (not exported): one kernel on the shared PostgreSQL stores and Redis signal channel, as the crash
// tests' child processes and the test process itself build it.
import { setTimeout as sleep } from 'node:timers/promises';
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import {
  ActionExpiredError,
  defineTool,
  PolicyEngine,
  RuntimeKernel,
  ToolPolicy,
} from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import { Redis } from 'ioredis';
import pg from 'pg';
import { z } from 'zod';
import { RedisSignalChannel } from '../redis-signal-channel';

export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface CrashKernelConfig {
  /** The PostgreSQL schema of the shared stores. */
  schema: string;
  /** The Redis key prefix of the shared signal channel. */
  redisPrefix: string;
  /** What this process's model answers, one step per model call. */
  steps: ScriptedStep[];
  chunkDelayMs?: number;
  /** How long `charge` and `sync` take (a crash test kills the process meanwhile). */
  toolMs?: number;
  /** Tools whose calls need an approval. */
  approve?: string[];
  /** The `timeoutSeconds` of the action `confirm_write` asks for. */
  actionTimeoutSeconds?: number;
  leaseSeconds?: number;
  heartbeatSeconds?: number;
  sweepIntervalSeconds?: number;
  maxRecoveries?: number;
}

/** One run of a tool body, as the tools report it. */
export interface ToolRun {
  tool: string;
  idempotencyKey?: string;
}

export function crashKernel(config: CrashKernelConfig, onToolRun: (run: ToolRun) => void) {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 5, application_name: 'durable-crash' });
  const redis = new Redis(REDIS_URL);
  const signalChannel = new RedisSignalChannel(redis, { keyPrefix: config.redisPrefix });
  const stores = createPostgresStores(pool, { schema: config.schema });
  const model = scriptedModel(config.steps, { chunkDelayMs: config.chunkDelayMs ?? 0 });
  const slow = (signal: AbortSignal) => sleep(config.toolMs ?? 0, undefined, { signal });
  const tools = [
    defineTool({
      name: 'deploy',
      description: 'deploys a service',
      inputSchema: z.object({ service: z.string() }),
      execute: ({ service }, toolContext) => {
        onToolRun({ tool: 'deploy', idempotencyKey: toolContext.idempotencyKey });
        return `deployed ${service}`;
      },
    }),
    defineTool({
      name: 'charge',
      description: 'charges a card (not idempotent)',
      inputSchema: z.object({ cents: z.number() }),
      execute: async ({ cents }, toolContext) => {
        onToolRun({ tool: 'charge', idempotencyKey: toolContext.idempotencyKey });
        await slow(toolContext.signal);
        return `charged ${cents}`;
      },
    }),
    defineTool({
      name: 'sync',
      description: 'syncs a mirror (idempotent)',
      idempotent: true,
      inputSchema: z.object({ mirror: z.string() }),
      execute: async ({ mirror }, toolContext) => {
        onToolRun({ tool: 'sync', idempotencyKey: toolContext.idempotencyKey });
        await slow(toolContext.signal);
        return `synced ${mirror}`;
      },
    }),
    defineTool({
      name: 'confirm_write',
      description: 'asks a human, then writes',
      inputSchema: z.object({}),
      execute: async (_input, toolContext) => {
        try {
          await toolContext.requireAction({ type: 'confirm', timeoutSeconds: config.actionTimeoutSeconds });
        } catch (error) {
          if (ActionExpiredError.isInstance(error)) return 'nobody confirmed';
          throw error;
        }
        onToolRun({ tool: 'confirm_write', idempotencyKey: toolContext.idempotencyKey });
        return 'written';
      },
    }),
  ];
  const policyEngine = new PolicyEngine();
  if (config.approve?.length)
    policyEngine.addRule(new ToolPolicy({ toolPatterns: config.approve, decision: 'require_approval' }));
  const kernel = RuntimeKernel.create({
    agent: aiSdkDriver({ model, middleware: 'none' }),
    jobStore: stores.jobStore,
    actionStore: stores.actionStore,
    ledgerWriter: stores.ledgerWriter,
    signalChannel,
    policyEngine,
    tools,
    leaseSeconds: config.leaseSeconds,
    heartbeatSeconds: config.heartbeatSeconds ?? (config.leaseSeconds && config.leaseSeconds / 3),
    sweepIntervalSeconds: config.sweepIntervalSeconds,
    maxRecoveries: config.maxRecoveries,
  });
  return {
    kernel,
    model,
    stores,
    signalChannel,
    close: async () => {
      await kernel.shutdown({ graceSeconds: 0 });
      await signalChannel.stop();
      redis.disconnect();
      await pool.end();
    },
  };
}
