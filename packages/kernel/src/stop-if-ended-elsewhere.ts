import { CancelledError, type RuntimeEvent, RuntimeTimeoutError } from '@agent-runtime/core';
import type { Execution } from './execution';

/**
 * A job this kernel runs may be cancelled through another kernel, or timed out by a deadline sweeper: the
 * shared bus says so, and the run stops at once (also while it waits for an action). For the kernel's own
 * cancel or timeout this is a no-op, the run being stopped already.
 */
export function stopIfEndedElsewhere(execution: Execution, event: RuntimeEvent): void {
  if (event.type === 'job.cancelled') {
    const reason = typeof event.data.reason === 'string' ? event.data.reason : 'cancelled elsewhere';
    execution.stop(new CancelledError({ reason }));
  }
  const error = event.data.error as { code?: string; message?: string } | undefined;
  if (event.type === 'job.failed' && error?.code === 'TIMEOUT')
    execution.stop(new RuntimeTimeoutError({ message: error.message ?? 'job deadline exceeded' }));
}
