import { AgentRuntimeError } from '@agent-runtime/core';

const name = 'KernelShutdownError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** `execute()` was called after `shutdown()` began. */
export class KernelShutdownError extends AgentRuntimeError {
  private readonly [symbol] = true;
  constructor() {
    super({
      name,
      code: 'KERNEL_SHUT_DOWN',
      message: 'the kernel is shutting down and accepts no new executions',
    });
  }

  static override isInstance(error: unknown): error is KernelShutdownError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
