import {
  type BudgetSpecInput,
  budgetSpecSchema,
  idSchema,
  jsonObjectSchema,
  type PolicyRef,
  parseInput,
  policyRefSchema,
  textSchema,
} from '@agent-runtime/core';
import { z } from 'zod';

/** What `kernel.execute()` runs: a prompt, its scope and identity, budgets, and how to run it. */
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

const id = idSchema;

export const executionRequestSchema = z.strictObject({
  prompt: textSchema.min(1),
  scopeId: id,
  principalId: id.optional(),
  sessionId: id.optional(),
  idempotencyKey: id.optional(),
  budgets: budgetSpecSchema.default({}),
  policyRef: policyRefSchema.optional(),
  metadata: jsonObjectSchema().default({}),
  timeoutSeconds: z.number().positive().finite().optional(),
});

export type ValidExecutionRequest = z.output<typeof executionRequestSchema>;

/** Validates a request; throws ValidationError naming the field (`request.budgets.maxCost`). */
export function parseExecutionRequest(request: ExecutionRequest): ValidExecutionRequest {
  return parseInput(executionRequestSchema, request, 'request');
}
