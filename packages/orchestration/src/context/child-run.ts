import {
  type BudgetSpec,
  CancellationToken,
  CancelledError,
  type Clock,
  ErrorCode,
  type ExecutionContext,
  RuntimeTimeoutError,
} from '@agent-runtime/core';
import { ChildJob, type ChildJobEnding, type ChildJobManager } from './child-job';
import type { OperatorIdentity } from './operator-identity';
import { failed, type OperatorResult } from './operator-result';
import type { OrchestrationConfig } from './orchestration-config';
import type { UsageAccount } from './usage-account';
import type { UsageRecorder } from './usage-recorder';

/** An operator as a child run sees it: something that runs an input under a context. */
export interface ChildOperator<Input, Context> extends OperatorIdentity {
  execute(input: Input, context: Context): Promise<OperatorResult>;
}

/** The run a child starts from. */
export interface ChildRunParent<Context> {
  readonly executionContext: ExecutionContext;
  readonly depth: number;
  readonly config: OrchestrationConfig;
  readonly jobManager?: ChildJobManager;
  readonly usageRecorder?: UsageRecorder;
  readonly clock: Clock;
  readonly account: UsageAccount;
  /** The context the child operator runs under, one level deeper than the parent. */
  childContext(executionContext: ExecutionContext, account: UsageAccount): Context;
}

/** What one child run is given once its limits and slot are settled. */
export interface ChildRunRequest<Input, Context> {
  readonly operator: ChildOperator<Input, Context>;
  readonly input: Input;
  readonly budgets: BudgetSpec;
  readonly timeoutSeconds: number;
}

/**
 * Runs a child operator to its end: its own cancellation token (a child of the parent's with
 * `propagateCancellation`), a child job when the parent runs in one, the timeout, and its usage rolled up to the
 * parent. Every outcome is a result: a throw, a cancellation or the timeout is a failed one.
 */
export async function runChildToEnd<Input, Context>(
  parent: ChildRunParent<Context>,
  request: ChildRunRequest<Input, Context>,
): Promise<OperatorResult> {
  const { operator, budgets, timeoutSeconds } = request;
  const parentJobId = parent.executionContext.jobId;
  const token = parent.config.propagateCancellation
    ? parent.executionContext.cancellation.child()
    : new CancellationToken();
  let executionContext = parent.executionContext.child().with({
    cancellation: token,
    budgets,
    metadata: {
      ...parent.executionContext.metadata,
      operatorName: operator.name,
      ...(parentJobId !== undefined && { parentJobId }),
    },
  });
  let job: ChildJob | undefined;
  try {
    job =
      parent.jobManager && parentJobId !== undefined
        ? await ChildJob.open(parent.jobManager, parentJobId, executionContext, {
            operator,
            budgets,
            depth: parent.depth + 1,
            timeoutSeconds,
          })
        : undefined;
  } catch (error) {
    return failed(operator, error);
  }
  if (job) executionContext = executionContext.withJob(job.jobId);
  const account = parent.account.child(budgets, { inheritsLimits: parent.config.inheritBudgets });
  const child = parent.childContext(executionContext, account);
  const stopWatching = token.onCancel((reason) => void job?.end({ status: 'cancelled', reason }));
  try {
    const result = await settle(request, child, { token, clock: parent.clock, job });
    await job?.end(endingOf(result, token));
    const { cost, toolCalls, ...usage } = account.snapshot();
    await parent.usageRecorder?.recordChildUsage?.({
      parentContext: parent.executionContext,
      childJobId: job?.jobId,
      operatorName: operator.name,
      usage,
      cost,
      toolCalls,
    });
    return { ...result, ...(job && { jobId: job.jobId }), usage: account.snapshot() };
  } finally {
    stopWatching();
  }
}

/** The operator's result, or a failed one when it throws, is cancelled or runs out of time. */
async function settle<Input, Context>(
  { operator, input, timeoutSeconds }: ChildRunRequest<Input, Context>,
  child: Context,
  { token, clock, job }: { token: CancellationToken; clock: Clock; job: ChildJob | undefined },
): Promise<OperatorResult> {
  let stopListening = () => {};
  const cancelled = new Promise<never>((_, reject) => {
    stopListening = token.onCancel((reason) => reject(new CancelledError({ reason })));
  });
  const timer = new AbortController();
  const timeoutMs = timeoutSeconds * 1000;
  const timedOut = clock.sleep(timeoutMs, timer.signal).then(
    () => {
      const error = new RuntimeTimeoutError({ message: `operator ${operator.name} timed out`, timeoutMs });
      stopListening();
      void job?.end({ status: 'timed_out', reason: error.message });
      token.cancel('timeout'); // tells the operator to stop; the outcome is the timeout, not a cancellation
      throw error;
    },
    () => new Promise<never>(() => {}),
  );
  const running = Promise.resolve().then(() => operator.execute(input, child));
  for (const promise of [running, cancelled, timedOut]) promise.catch(() => {});
  try {
    return await Promise.race([running, timedOut, cancelled]);
  } catch (error) {
    return failed(operator, error);
  } finally {
    timer.abort();
    stopListening();
  }
}

function endingOf(result: OperatorResult, token: CancellationToken): ChildJobEnding {
  if (result.success) return { status: 'succeeded' };
  const message = result.error?.message ?? 'operator failed';
  if (result.error?.code === ErrorCode.TIMEOUT) return { status: 'timed_out', reason: message };
  if (result.error?.code === ErrorCode.CANCELLED || token.isCancelled)
    return { status: 'cancelled', reason: token.reason };
  return { status: 'failed', message, errorCode: result.error?.code };
}
