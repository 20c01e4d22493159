import type { ActionManager } from '@agent-runtime/actions';
import type { ExecutionRequest } from '@agent-runtime/core';
import type { JobManager } from '@agent-runtime/jobs';
import type { Ledger } from '@agent-runtime/ledger';
import type { ExecutionHandle } from './execution/execution-handle';

/** What a ScopedKernel calls on its kernel (a RuntimeKernel fits). */
export interface ScopableKernel {
  readonly jobs: JobManager;
  readonly actions: ActionManager;
  readonly ledger: Ledger;
  execute(request: ExecutionRequest): Promise<ExecutionHandle>;
  attach(jobId: string): Promise<ExecutionHandle>;
}
