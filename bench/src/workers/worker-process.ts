// One agent-runtime worker process of the workers benchmark: a kernel on the PostgreSQL stores of the
// benchmark's schema with a one-step no-op agent, and a worker. Prints { ready } once it claims; stops on SIGTERM.
import { type AgentDriver, RuntimeKernel, ZERO_USAGE } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';

export interface BenchWorkerConfig {
  readonly url: string;
  readonly schema: string;
  readonly concurrency: number;
  readonly listen: boolean;
}

/** Answers in one model step without a model: what is left is the kernel's and the queue's own work. */
function noOpAgent(): AgentDriver {
  const model = { provider: 'bench', modelId: 'no-op' };
  const usage = { inputTokens: 1, outputTokens: 1, totalTokens: 2 };
  return {
    model,
    async *run(request) {
      await request.beforeStep?.({ step: 1, state: { step: 0, messages: [], usage: ZERO_USAGE } });
      const state = { step: 1, messages: [{ role: 'assistant', content: 'ok' }], usage };
      yield { type: 'step-start', step: 1, model };
      yield {
        type: 'step-finish',
        step: 1,
        model,
        text: 'ok',
        toolCalls: [],
        finishReason: 'stop',
        usage,
        durationMs: 0,
        state,
      };
      yield { type: 'finish', text: 'ok', usage, steps: 1, state };
    },
  };
}

async function main(config: BenchWorkerConfig): Promise<void> {
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  const stores = createPostgresStores(pool, { schema: config.schema });
  const kernel = RuntimeKernel.create({
    agent: noOpAgent(),
    jobStore: stores.jobStore,
    actionStore: stores.actionStore,
    ledgerWriter: stores.ledgerWriter,
    budgetStore: stores.budgetStore,
    eventLog: stores.eventLog,
    artifactStore: stores.artifactStore,
    jobQueue: stores.jobQueue,
  });
  const worker = await kernel.startWorker({ concurrency: config.concurrency, listen: config.listen });
  process.stdout.write('ready\n');
  await new Promise<void>((resolve) => process.once('SIGTERM', () => resolve()));
  await worker.stop({ graceSeconds: 5 });
  await kernel.shutdown({ graceSeconds: 0 });
  await pool.end();
}

main(JSON.parse(process.argv[2] ?? '{}') as BenchWorkerConfig).then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
