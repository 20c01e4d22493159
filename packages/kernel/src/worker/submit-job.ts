import { type Clock, ExecutionContext, type JsonValue } from '@agent-runtime/core';
import { type JobQueue, JobRecord } from '@agent-runtime/jobs';
import { initialCheckpoint } from '../durable/kernel-checkpoint';
import type { SubmitResult, ValidSubmitRequest } from './submit-request';

/**
 * Stores the request as a `queued` job on the queue, with the prompt in its first checkpoint (so any worker
 * can run it); the same `(scopeId, idempotencyKey)` returns the job that key made and queues nothing.
 */
export async function submitJob(
  queue: JobQueue,
  clock: Clock,
  { prompt, priority, ...request }: ValidSubmitRequest,
): Promise<SubmitResult> {
  const ids = new ExecutionContext({ scopeId: request.scopeId });
  const job = JobRecord.create(
    {
      scopeId: request.scopeId,
      principalId: request.principalId,
      sessionId: request.sessionId,
      runId: ids.runId,
      traceId: ids.traceId,
      idempotencyKey: request.idempotencyKey,
      timeoutSeconds: request.timeoutSeconds,
      budgets: request.budgets,
      policyRef: request.policyRef,
      metadata: request.metadata,
    },
    { clock },
  );
  const checkpoint = initialCheckpoint(prompt) as unknown as JsonValue;
  const stored = await queue.enqueue(job.withCheckpoint(checkpoint, { now: job.createdAt }), { priority });
  return { jobId: stored.jobId, status: stored.status };
}
