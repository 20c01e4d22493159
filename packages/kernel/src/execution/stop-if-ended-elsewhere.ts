import { type AnyRuntimeEvent, CancelledError, ErrorCode, RuntimeTimeoutError } from '@agent-runtime/core';
import type { Execution } from './execution';

/**
 * A job this kernel runs may be cancelled through another kernel, or timed out by a deadline sweeper: the
 * shared bus says so, and the run stops at once (also while it waits for an action). For the kernel's own
 * cancel or timeout this is a no-op, the run being stopped already.
 */
export function stopIfEndedElsewhere(execution: Execution, event: AnyRuntimeEvent): void {
  if (event.type === 'job.cancelled')
    execution.stop(new CancelledError({ reason: event.data.reason ?? 'cancelled elsewhere' }));
  if (event.type === 'job.failed' && event.data.error.code === ErrorCode.TIMEOUT)
    execution.stop(new RuntimeTimeoutError({ message: event.data.error.message ?? 'job deadline exceeded' }));
}
