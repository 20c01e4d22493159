import { aiSdkDriver, type DriverModel } from '@agent-runtime/ai-sdk';
import { type AnyRuntimeEvent, RuntimeKernel, ValidationError } from '@agent-runtime/kernel';
import { type Approver, approver, type Terminal } from './approver';
import { approveWaiting, printUntilApproval } from './durable-approval';
import { modelSource } from './models';
import { OFFLINE_SCRIPT, RESUMED_SCRIPT } from './offline-script';
import { printEvents } from './print-events';
import { printResult } from './print-result';
import { openStores, type QuickstartStores } from './stores';
import { deployChanges, readDocument } from './tools';

export interface QuickstartIO extends Terminal {
  env: Record<string, string | undefined>;
  argv: readonly string[];
}

/** The scope every example runs in; the quick start counts its stored jobs at the end. */
const SCOPE_ID = 'tenant-123';
const PRINCIPAL_ID = 'user-456';

/**
 * The Quick Start: basic execution, budget enforcement, human in the loop, on the store chosen
 * by `--data-dir` (PGlite) or `DATABASE_URL` (PostgreSQL), in memory otherwise. On a store that outlives the
 * process, the deployment waits there for approval and the process exits; `--approve` (another process)
 * approves it and continues the job from its checkpoint.
 */
export async function runQuickstart(io: QuickstartIO): Promise<void> {
  const write = (text: string) => io.output.write(text);
  const approve = io.argv.includes('--approve');
  const source = modelSource(io.env);
  write(`${source.banner}\n`);
  const stores = await openStores(io.argv, io.env);
  write(`${stores.banner}\n`);
  try {
    if (approve && stores.approveCommand === undefined) {
      const message = '--approve: needs a store that outlives the process (--data-dir <dir> or DATABASE_URL)';
      throw new ValidationError({ field: '--approve', message });
    }
    const kernel = createKernel(source.model(approve ? RESUMED_SCRIPT : OFFLINE_SCRIPT), stores);
    try {
      if (approve) {
        write('\n== Approving the jobs that wait in the store\n');
        await approveWaiting(kernel, write, { scopeId: SCOPE_ID, principalId: PRINCIPAL_ID });
      } else {
        await basicExecution(kernel, write);
        await budgetEnforcement(kernel, write);
        const waitInStore = stores.approveCommand !== undefined && !io.argv.includes('--yes');
        await humanInTheLoop(kernel, write, waitInStore ? stores.approveCommand : approver(io.argv, io));
      }
    } finally {
      await kernel.shutdown();
    }
    write(`\nJobs of ${SCOPE_ID} in the store: ${await stores.jobStore.count({ scopeId: SCOPE_ID })}\n`);
  } finally {
    await stores.close();
  }
}

function createKernel(model: DriverModel, { jobStore, actionStore, ledgerWriter }: QuickstartStores) {
  return RuntimeKernel.create({
    agent: aiSdkDriver({
      model,
      tools: [readDocument, deployChanges],
      instructions: 'You are a concise assistant. Use the tools when the task needs them.',
    }),
    jobStore,
    actionStore,
    ledgerWriter,
    // Dollars per million tokens, for the cost of each step (providers' streams rarely report it).
    pricing: { 'gpt-5-nano': { inputPerMillion: '0.05', outputPerMillion: '0.40' } },
  });
}

async function basicExecution(kernel: RuntimeKernel, write: (text: string) => void): Promise<void> {
  write('\n== Basic execution\n');
  const handle = await kernel.execute({
    prompt: 'Write a haiku about TypeScript',
    scopeId: SCOPE_ID,
    principalId: PRINCIPAL_ID,
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

/**
 * `human` answers at once (in memory, or with `--yes`); an approve command (a durable store) means the job is
 * left waiting in the store for `--approve` in another process.
 */
async function humanInTheLoop(
  kernel: RuntimeKernel,
  write: (text: string) => void,
  human: Approver | string,
) {
  const durable = typeof human === 'string';
  write(`\n== With human-in-the-loop${durable ? ' (durable: the job outlives this process)' : ''}\n`);
  if (!durable && human.notice) write(`  (${human.notice})\n`);
  const handle = await kernel.execute({
    prompt: 'Deploy the pending changes to production.',
    scopeId: SCOPE_ID,
    principalId: PRINCIPAL_ID,
  });
  if (durable) return printUntilApproval(handle, write, human);
  const answer = async (event: AnyRuntimeEvent) => {
    if (event.type !== 'action.required') return undefined;
    const { resumeToken, payload } = event.data;
    const approved = await human.ask(typeof payload.message === 'string' ? payload.message : 'Approve?');
    await kernel.actions.resolve({ resumeToken, resolution: { approved } });
    return undefined;
  };
  await printEvents(handle.events(), write, answer);
  printResult(await handle.result(), write);
}
