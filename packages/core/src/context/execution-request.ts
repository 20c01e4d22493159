import type { BudgetSpecInput } from './budget-spec';
import type { PolicyRef } from './policy-ref';

/**
 * What a job runs: a prompt, its scope and identity, budgets, and how to run it. The kernel's `execute()` and
 * `submit()` take it, and the server builds it from an HTTP request.
 */
export interface ExecutionRequest {
  prompt: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  /** Same `(scopeId, idempotencyKey)` → the same job and result, never a second model call. */
  idempotencyKey?: string;
  budgets?: BudgetSpecInput;
  policyRef?: PolicyRef;
  /** JSON values only: kept on the job record and the execution context. */
  metadata?: Record<string, unknown>;
  /** Wall-clock limit of the whole job; past it the job ends `timed_out`. */
  timeoutSeconds?: number;
}
