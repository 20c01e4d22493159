import { CancelledError, ErrorCode, RuntimeTimeoutError, type SerializedError } from '@agent-runtime/core';
import type { JobRecord } from '@agent-runtime/jobs';

/**
 * The error a job ended with, rebuilt from its record as the run reported it: the stored name, code and message
 * of a failure, `CancelledError` (`cancelled: <reason>`) for a cancellation, `RuntimeTimeoutError` for a timeout.
 */
export function storedError(job: JobRecord): SerializedError {
  const message = job.error?.message ?? '';
  if (job.error?.code === ErrorCode.CANCELLED) return new CancelledError({ reason: message }).toJSON();
  if (job.error?.code === ErrorCode.TIMEOUT) return new RuntimeTimeoutError({ message }).toJSON();
  return { name: job.error?.name ?? 'JobError', code: job.error?.code ?? ErrorCode.INTERNAL_ERROR, message };
}
