import { type ExecutionHandle, LedgerEventType, type RuntimeKernel } from '@agent-runtime/kernel';
import { printEvents } from './print-events';
import { printResult } from './print-result';

/**
 * Follows the deployment job until it asks for approval, then leaves it waiting in the store: it holds no
 * lease, so the process may exit (the kernel's shutdown does not cancel a waiting job).
 */
export async function printUntilApproval(
  handle: ExecutionHandle,
  write: (text: string) => void,
  approveCommand: string,
): Promise<void> {
  let asked = false;
  await printEvents(handle.events(), write, async (event) => {
    asked = event.type === 'action.required';
    return asked ? 'stop' : undefined;
  });
  if (!asked) return printResult(await handle.result(), write);
  write(`  The job waits in the store for approval, holding no lease: this process exits now.\n`);
  write(`  Approve it from any process: ${approveCommand}\n`);
}

/**
 * `--approve`: approves every action waiting in the store for `scopeId` (as `principalId`), and continues each
 * job from its checkpoint in this process; the ledger shows which model calls this process made.
 */
export async function approveWaiting(
  kernel: RuntimeKernel,
  write: (text: string) => void,
  { scopeId, principalId }: { scopeId: string; principalId: string },
): Promise<void> {
  const pending = await kernel.actions.listPending({ scopeId });
  if (pending.length === 0)
    write('  No job waits for approval: run the quick start on this store without --approve first.\n');
  for (const action of pending) {
    const message = (action.payload as { message?: string }).message ?? action.type;
    write(`  job ${action.jobId} waits for "${message}": approved by ${principalId}\n`);
    await kernel.actions.resolveAction(action.actionId, {
      scopeId,
      principalId,
      resolution: { approved: true },
    });
    await continueJob(await kernel.resume(action.jobId), kernel, write);
  }
}

async function continueJob(handle: ExecutionHandle, kernel: RuntimeKernel, write: (text: string) => void) {
  let modelCalls = 0;
  await printEvents(handle.events(), write, async (event) => {
    if (event.type === 'model.done') modelCalls += 1;
    return undefined;
  });
  printResult(await handle.result(), write);
  const recorded = await kernel.ledger.writer.listEvents({
    jobId: handle.jobId,
    eventType: LedgerEventType.MODEL_USAGE,
  });
  write(
    `  model calls of this job: ${recorded.length} in the ledger, ${modelCalls} by this process (the steps before the approval came from the checkpoint)\n`,
  );
}
