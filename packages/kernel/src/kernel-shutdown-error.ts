import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'KernelShutdownError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * `execute()` was called after `shutdown()` began; or, from `result()`, the kernel shut down while the job
 * waited for an action (the job stays `waiting_action` in the store).
 */
export class KernelShutdownError extends AgentRuntimeError<typeof ErrorCode.KERNEL_SHUT_DOWN> {
  private readonly [symbol] = true;
  constructor(message = 'the kernel is shutting down and accepts no new executions') {
    super({ name, code: ErrorCode.KERNEL_SHUT_DOWN, message });
  }

  static override isInstance(error: unknown): error is KernelShutdownError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
