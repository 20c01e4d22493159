import {
  CancelledError,
  RuntimeTimeoutError,
  type SerializedError,
  serializeError,
} from '@agent-runtime/core';
import { type JobRecord, JobStatus } from '@agent-runtime/jobs';
import type { Execution } from './execution';
import type { ExecutionResult } from './execution-result';
import { usageOfJob } from './job-usage';

/**
 * Ends the job: withdraws its pending actions, moves it to its terminal status (unless it was already ended
 * elsewhere, whose status then wins), and publishes `final.result` or `final.error`. A failed job keeps the
 * content it produced (e.g. the answer of a step that overspent a hard budget).
 */
export async function finishExecution(
  execution: Execution,
  { content, failure }: { content: string; failure: unknown },
): Promise<ExecutionResult> {
  if (failure !== undefined) await cancelPendingActions(execution);
  const job = await endJob(execution, failure);
  const status = job?.status ?? (failure === undefined ? JobStatus.SUCCEEDED : JobStatus.FAILED);
  const error = status === JobStatus.SUCCEEDED ? null : errorOf(failure, job);
  const result: ExecutionResult = {
    jobId: execution.jobId,
    status,
    content,
    usage: await usageOfJob(execution.services.ledger, execution.jobId),
    turns: execution.turns,
    artifacts: [...execution.artifacts],
    error,
  };
  if (error) await execution.publish('final.error', { status, error });
  else await execution.publish('final.result', { content, usage: result.usage, turns: result.turns });
  return result;
}

async function endJob(execution: Execution, failure: unknown): Promise<JobRecord | undefined> {
  const { jobs } = execution.services;
  const { jobId } = execution;
  try {
    if (failure === undefined) return await jobs.complete(jobId);
    if (CancelledError.isInstance(failure)) return await jobs.cancel(jobId, { reason: failure.reason });
    if (RuntimeTimeoutError.isInstance(failure))
      return await jobs.timeOut(jobId, { reason: failure.message });
    const { message, code, name } = serializeError(failure);
    return await jobs.fail(jobId, message, { errorCode: code, errorName: name });
  } catch {
    return jobs.get(jobId);
  }
}

function errorOf(failure: unknown, job: JobRecord | undefined): SerializedError {
  if (failure !== undefined) return serializeError(failure);
  return {
    name: 'JobEndedElsewhere',
    code: job?.error?.code ?? 'INTERNAL_ERROR',
    message: job?.error?.message ?? '',
  };
}

async function cancelPendingActions(execution: Execution): Promise<void> {
  const { actions } = execution.services;
  const pending = await actions.listPending({ jobId: execution.jobId });
  for (const action of pending) {
    try {
      await actions.cancel(action.actionId, { reason: 'job ended' });
    } catch {
      // resolved or expired meanwhile: nothing left to withdraw
    }
  }
}
