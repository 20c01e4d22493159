import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { defineTool, RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { z } from 'zod';

export const POSTGRES_URL =
  process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface DurableConfig {
  schema: string;
  leaseSeconds: number;
  heartbeatSeconds: number;
  sweepIntervalSeconds: number;
}

/** The tool of the jobs' first step: instant, so step 1 ends with its result in the checkpoint. */
export const lookup = defineTool({
  name: 'lookup',
  description: 'looks a value up',
  inputSchema: z.object({ key: z.string() }),
  execute: ({ key }) => `value of ${key}`,
});

/** Step 1 calls `lookup`; step 2 answers. */
export const TWO_STEPS: ScriptedStep[] = [
  { toolCalls: [{ toolName: 'lookup', input: { key: 'k' } }] },
  { text: 'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen' },
];

/** A kernel over the PostgreSQL stores in `config.schema`, its model answering `steps`, then `onModelCall`. */
export function postgresKernel(
  config: DurableConfig,
  steps: ScriptedStep[],
  { chunkDelayMs = 0, onModelCall = () => {} }: { chunkDelayMs?: number; onModelCall?: () => void } = {},
) {
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 5, application_name: 'bench-durable' });
  const stores = createPostgresStores(pool, { schema: config.schema });
  const model = scriptedModel(steps, { chunkDelayMs });
  const doStream = model.doStream.bind(model);
  model.doStream = (options) => {
    onModelCall();
    return doStream(options);
  };
  const kernel = RuntimeKernel.create({
    agent: aiSdkDriver({ model, middleware: 'none' }),
    jobStore: stores.jobStore,
    actionStore: stores.actionStore,
    ledgerWriter: stores.ledgerWriter,
    tools: [lookup],
    leaseSeconds: config.leaseSeconds,
    heartbeatSeconds: config.heartbeatSeconds,
    sweepIntervalSeconds: config.sweepIntervalSeconds,
  });
  return {
    kernel,
    stores,
    pool,
    close: async () => {
      await kernel.shutdown({ graceSeconds: 0 });
      await pool.end();
    },
  };
}
