import {
  CancelledError,
  ErrorCode,
  InvalidTransitionError,
  LeaseLostError,
  type RuntimeEvent,
  RuntimeTimeoutError,
  type SerializedError,
  serializeError,
  toStorableText,
} from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import { reclaimLease } from '../durable/lease';
import { JobOutcomeNotStoredError } from '../job-outcome-not-stored-error';
import { retryStoreCall } from '../retry-store-call';
import type { Execution } from './execution';
import type { ExecutionResult, ExecutionUsage } from './execution-result';
import { executionUsage, usageOfJob } from './job-usage';

/**
 * Ends the job: withdraws its pending actions, moves it to its terminal status (unless it was already ended
 * elsewhere, whose status then wins), and publishes `final.result` or `final.error`. After a success the run
 * knows its `final.result` before the end (its usage is the run's own tally): on a store that keeps a write's
 * events with it, the terminal transition stores it in the same write. A failed job keeps the content it
 * produced (e.g. the answer of a step that overspent a hard budget). Rejects only with
 * JobOutcomeNotStoredError, when the kernel shut down before the job store took the terminal status, or with
 * LeaseLostError, when the job became another kernel's first.
 */
export async function finishExecution(
  execution: Execution,
  { content, failure }: { content: string; failure: unknown },
): Promise<ExecutionResult> {
  if (failure !== undefined) await cancelPendingActions(execution);
  const final = failure === undefined ? finalResultEvent(execution, content) : undefined;
  const { job, written } = await endJob(execution, failure, final);
  const status = job?.status ?? (failure === undefined ? JobStatus.SUCCEEDED : JobStatus.FAILED);
  const error = status === JobStatus.SUCCEEDED ? null : errorOf(failure, job);
  const result: ExecutionResult = {
    jobId: execution.jobId,
    status,
    content,
    usage: await usageAfterEnd(execution, failure),
    turns: execution.turns,
    artifacts: [...execution.artifacts],
    error,
  };
  if (final && written) return result; // stored and published with the transition
  // succeeded by this run's earlier attempt whose reply was lost, or by the kernel that took the job over: its
  // final event is stored, not published here again (events() ends without it, as when the bus fails)
  if (final && status === JobStatus.SUCCEEDED) execution.buffer.close();
  else await publishFinal(execution, result);
  return result;
}

/**
 * The `final.result` to store with the completion: of a success the run tallied the usage of, when the job
 * store keeps a write's events in that write. Undefined when it is published after the end instead.
 */
function finalResultEvent(execution: Execution, content: string) {
  const tallied = execution.usage.total;
  if (!tallied || !execution.services.jobs.storesEventsWithWrites) return undefined;
  return execution.event('final.result', {
    content,
    usage: executionUsage(tallied),
    turns: execution.turns,
  });
}

/** The job once ended; `written` when this run's own transition stored it (with its final event, if any). */
interface EndedJob {
  job: JobRecord | undefined;
  written: boolean;
}

/**
 * Stores the terminal transition (with `final`, after a success), retried while the store fails until it
 * lands, the kernel shuts down or the job is no longer this run's (a lost lease, a worker handing it back:
 * then LeaseLostError, and the new owner ends it), so the status this run reports is always the stored one.
 * A transition refused because the job already ended (elsewhere, or by an earlier attempt whose reply was
 * lost with its connection) reads the stored status.
 */
async function endJob(
  execution: Execution,
  failure: unknown,
  final: RuntimeEvent | undefined,
): Promise<EndedJob> {
  const { jobs, clock, stopping } = execution.services;
  const { jobId } = execution;
  const until = () => stopping.aborted || execution.leaseLost.aborted;
  try {
    try {
      const job = await retryStoreCall(clock, () => transition(execution, failure, final), { until });
      return { job, written: true };
    } catch (error) {
      if (LeaseLostError.isInstance(error)) return await endWithLeaseTakenBack(execution, failure, final);
      if (!InvalidTransitionError.isInstance(error)) throw error;
      return { job: await retryStoreCall(clock, () => jobs.get(jobId), { until }), written: false };
    }
  } catch (error) {
    if (execution.leaseLost.aborted) throw execution.leaseLost.reason;
    throw new JobOutcomeNotStoredError({ jobIds: [jobId], cause: error });
  }
}

/**
 * The final event, once the outcome is stored. A bus or log that fails now does not change the outcome: the
 * handle still reports it, and a follower that missed the event finds the job ended in the store.
 */
async function publishFinal(execution: Execution, result: ExecutionResult): Promise<void> {
  try {
    if (result.error) await execution.publish('final.error', { status: result.status, error: result.error });
    else
      await execution.publish('final.result', {
        content: result.content,
        usage: result.usage,
        turns: result.turns,
      });
  } catch {
    execution.buffer.close(); // events() ends without the final event; the outcome is stored
  }
}

/**
 * Withdrawing the job's last action (here, or in the wait the stop ended) made it `running` again without a
 * lease: take the lease back, once, to end the job; another kernel holding it keeps it.
 */
async function endWithLeaseTakenBack(
  execution: Execution,
  failure: unknown,
  final: RuntimeEvent | undefined,
): Promise<EndedJob> {
  try {
    await reclaimLease(execution);
    return { job: await transition(execution, failure, final), written: true };
  } catch (error) {
    if (execution.leaseLost.aborted) throw error; // another kernel holds it now and ends it
    return { job: await execution.services.jobs.get(execution.jobId), written: false };
  }
}

function transition(
  execution: Execution,
  failure: unknown,
  final: RuntimeEvent | undefined,
): Promise<JobRecord> {
  const { jobs } = execution.services;
  const { jobId } = execution;
  if (failure === undefined) return jobs.complete(jobId, final ? { events: [final] } : {});
  if (CancelledError.isInstance(failure)) return jobs.cancel(jobId, { reason: failure.reason });
  if (RuntimeTimeoutError.isInstance(failure)) return jobs.timeOut(jobId, { reason: failure.message });
  const { message, code, name } = serializeError(failure);
  return jobs.fail(jobId, toStorableText(message), { errorCode: code, errorName: name });
}

/**
 * The job's usage once it has ended: after a success, the run's own tally when it has one (no ledger read);
 * otherwise read. A ledger that stays unreachable must not change the reported status.
 */
async function usageAfterEnd(execution: Execution, failure: unknown): Promise<ExecutionUsage> {
  const { ledger, clock, stopping } = execution.services;
  const tallied = execution.usage.total;
  if (failure === undefined && tallied) return executionUsage(tallied);
  try {
    return await retryStoreCall(clock, () => usageOfJob(ledger, execution.jobId), {
      attempts: 15,
      until: () => stopping.aborted,
    });
  } catch {
    return { inputTokens: 0, outputTokens: 0, totalTokens: 0, totalCost: '0' };
  }
}

function errorOf(failure: unknown, job: JobRecord | undefined): SerializedError {
  if (failure !== undefined) return serializeError(failure);
  return {
    name: 'JobEndedElsewhere',
    code: job?.error?.code ?? ErrorCode.INTERNAL_ERROR,
    message: job?.error?.message ?? '',
  };
}

/** Best effort: an action left pending by an unreachable store can no longer be resolved into a running job. */
async function cancelPendingActions(execution: Execution): Promise<void> {
  const { actions, clock, stopping } = execution.services;
  const pending = await retryStoreCall(clock, () => actions.listPending({ jobId: execution.jobId }), {
    attempts: 15,
    until: () => stopping.aborted,
  }).catch(() => []);
  for (const action of pending) {
    try {
      await actions.cancel(action.actionId, { reason: 'job ended' });
    } catch {
      // resolved or expired meanwhile: nothing left to withdraw
    }
  }
}
