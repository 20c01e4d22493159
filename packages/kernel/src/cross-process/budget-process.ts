// A kernel process for the shared-budget tests: it runs on the PostgreSQL stores of the test's schema, does one
// thing (set a budget, or run jobs concurrently) and prints one JSON line with what it saw, then exits.
import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import type { BudgetInput, PricingTable } from '@agent-runtime/ledger';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { RuntimeKernel } from '../index';

export interface BudgetProcessConfig {
  readonly url: string;
  readonly schema: string;
  readonly scopeId: string;
  /** Set this budget (and do nothing else). */
  readonly setBudget?: BudgetInput;
  /** Run this many jobs at once. */
  readonly jobs?: number;
  readonly prompt?: string;
  readonly budgets?: { maxTokens?: number; maxCost?: string };
  readonly pricing?: PricingTable;
  /** Each model call uses 10 input tokens and asks for this many output tokens, honouring maxOutputTokens. */
  readonly outputTokens?: number;
}

/** One model call as the provider saw it. */
export interface ObservedCall {
  readonly at: number;
  readonly maxOutputTokens?: number;
  readonly inputTokens: number;
}

export interface BudgetProcessReport {
  readonly results: { status: string; code?: string; totalTokens: number; totalCost: string }[];
  readonly calls: ObservedCall[];
}

const INPUT_TOKENS = 10;

async function main(config: BudgetProcessConfig): Promise<BudgetProcessReport> {
  const pool = new pg.Pool({ connectionString: config.url, max: 10, application_name: 'budget-process' });
  try {
    const stores = createPostgresStores(pool, { schema: config.schema });
    const jobs = config.jobs ?? 0;
    const usage = { inputTokens: INPUT_TOKENS, outputTokens: config.outputTokens ?? 20 };
    const model = scriptedModel(
      Array.from({ length: jobs }, () => ({ text: 'ok', usage })),
      { modelId: 'm', chunkDelayMs: 2, honourMaxOutputTokens: true },
    );
    const calls: ObservedCall[] = [];
    const doStream = model.doStream.bind(model);
    model.doStream = (options) => {
      calls.push({ at: Date.now(), maxOutputTokens: options.maxOutputTokens, inputTokens: INPUT_TOKENS });
      return doStream(options);
    };
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({ model, middleware: 'none' }),
      jobStore: stores.jobStore,
      actionStore: stores.actionStore,
      ledgerWriter: stores.ledgerWriter,
      budgetStore: stores.budgetStore,
      ...(config.pricing ? { pricing: config.pricing } : {}),
    });
    if (config.setBudget) await kernel.ledger.setBudget(config.setBudget);
    const handles = await Promise.all(
      Array.from({ length: jobs }, (_, i) =>
        kernel.execute({
          prompt: config.prompt ?? `question ${i}`,
          scopeId: config.scopeId,
          ...(config.budgets ? { budgets: config.budgets } : {}),
        }),
      ),
    );
    const results = await Promise.all(handles.map((handle) => handle.result()));
    await kernel.shutdown();
    return {
      results: results.map((r) => ({
        status: r.status,
        ...(r.error ? { code: r.error.code } : {}),
        totalTokens: r.usage.totalTokens,
        totalCost: r.usage.totalCost,
      })),
      calls,
    };
  } finally {
    await pool.end();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as BudgetProcessConfig).then(
  (report) => process.stdout.write(`${JSON.stringify(report)}\n`),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
