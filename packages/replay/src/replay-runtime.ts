import type { AgentDriver, AnyRuntimeEvent } from '@agent-runtime/core';

/**
 * What deterministic replay needs of a runtime; `RuntimeKernel` has it. Replay builds the runtime around its
 * replay driver with the factory you give, so the package does not depend on the kernel.
 */
export interface ReplayRuntime {
  execute(request: never): Promise<{
    events(): AsyncIterable<AnyRuntimeEvent>;
    result(): Promise<unknown>;
    cancel(): Promise<unknown>;
  }>;
  actions: {
    resolve(input: { resumeToken: string; resolution: Record<string, unknown> }): Promise<unknown>;
    cancel(actionId: string, options?: { reason?: string }): Promise<unknown>;
  };
  shutdown?(): Promise<unknown>;
}

export type ReplayRuntimeFactory = (agent: AgentDriver) => ReplayRuntime | Promise<ReplayRuntime>;
