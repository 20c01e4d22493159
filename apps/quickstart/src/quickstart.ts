import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type ExecutionResult, type RuntimeEvent, RuntimeKernel } from '@agent-runtime/kernel';
import { type Approver, approver, type Terminal } from './approver';
import { modelSource } from './models';
import { OFFLINE_SCRIPT } from './offline-script';
import { printEvents } from './print-events';
import { openStores } from './stores';
import { deployChanges, readDocument } from './tools';

export interface QuickstartIO extends Terminal {
  env: Record<string, string | undefined>;
  argv: readonly string[];
}

/** The scope every example runs in; the quick start counts its stored jobs at the end. */
const SCOPE_ID = 'tenant-123';

/**
 * The reference's Quick Start: basic execution, budget enforcement, human in the loop, on the store chosen
 * by `--data-dir` (PGlite) or `DATABASE_URL` (PostgreSQL), in memory otherwise.
 */
export async function runQuickstart(io: QuickstartIO): Promise<void> {
  const write = (text: string) => io.output.write(text);
  const source = modelSource(io.env);
  write(`${source.banner}\n`);
  const stores = await openStores(io.argv, io.env);
  write(`${stores.banner}\n`);
  try {
    const { jobStore, actionStore, ledgerWriter } = stores;
    const kernel = RuntimeKernel.create({
      agent: aiSdkDriver({
        model: source.model(OFFLINE_SCRIPT),
        tools: [readDocument, deployChanges],
        instructions: 'You are a concise assistant. Use the tools when the task needs them.',
      }),
      jobStore,
      actionStore,
      ledgerWriter,
      // Dollars per million tokens, for the cost of each step (providers' streams rarely report it).
      pricing: { 'gpt-5-nano': { inputPerMillion: '0.05', outputPerMillion: '0.40' } },
    });
    try {
      await basicExecution(kernel, write);
      await budgetEnforcement(kernel, write);
      await humanInTheLoop(kernel, write, approver(io.argv, io));
    } finally {
      await kernel.shutdown();
    }
    write(`\nJobs of ${SCOPE_ID} in the store: ${await jobStore.count({ scopeId: SCOPE_ID })}\n`);
  } finally {
    await stores.close();
  }
}

async function basicExecution(kernel: RuntimeKernel, write: (text: string) => void): Promise<void> {
  write('\n== Basic execution\n');
  const handle = await kernel.execute({
    prompt: 'Write a haiku about TypeScript',
    scopeId: SCOPE_ID,
    principalId: 'user-456',
  });
  await printEvents(handle.events(), write);
  printResult(await handle.result(), write);
}

async function budgetEnforcement(kernel: RuntimeKernel, write: (text: string) => void): Promise<void> {
  write('\n== With budget enforcement\n');
  const handle = await kernel.execute({
    prompt: 'Analyze this document: read q3-report and summarize it in one sentence.',
    scopeId: SCOPE_ID,
    budgets: { maxTokens: 10_000, maxCost: '1.00', maxTurns: 5 },
  });
  await printEvents(handle.events(), write);
  printResult(await handle.result(), write);

  write('\n-- The same with maxTokens: 100 (checked before every model step and tool call)\n');
  const tight = await kernel.execute({
    prompt: 'Analyze this document: read q3-report and summarize it in one sentence.',
    scopeId: SCOPE_ID,
    budgets: { maxTokens: 100, maxCost: '1.00', maxTurns: 5 },
  });
  await printEvents(tight.events(), write);
  printResult(await tight.result(), write);
}

async function humanInTheLoop(kernel: RuntimeKernel, write: (text: string) => void, human: Approver) {
  write('\n== With human-in-the-loop\n');
  if (human.notice) write(`  (${human.notice})\n`);
  const handle = await kernel.execute({
    prompt: 'Deploy the pending changes to production.',
    scopeId: SCOPE_ID,
    principalId: 'user-456',
  });
  const answer = async (event: RuntimeEvent) => {
    if (event.type !== 'action.required') return;
    const { resumeToken, payload } = event.data as { resumeToken: string; payload: { message?: string } };
    const approved = await human.ask(payload.message ?? 'Approve?');
    await kernel.actions.resolve({ resumeToken, resolution: { approved } });
  };
  await printEvents(handle.events(), write, answer);
  printResult(await handle.result(), write);
}

function printResult(result: ExecutionResult, write: (text: string) => void): void {
  const { usage } = result;
  write(`  => ${result.status} after ${result.turns} turn(s)\n`);
  if (result.content) write(`  content: ${result.content}\n`);
  if (result.error) write(`  error: ${result.error.name}: ${result.error.message}\n`);
  write(
    `  usage: ${usage.inputTokens} in + ${usage.outputTokens} out = ${usage.totalTokens} tokens, $${usage.totalCost}\n`,
  );
}
