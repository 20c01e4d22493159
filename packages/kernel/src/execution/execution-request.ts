import {
  budgetSpecSchema,
  type ExecutionRequest,
  idSchema,
  jsonObjectSchema,
  parseInput,
  policyRefSchema,
  textSchema,
} from '@agent-runtime/core';
import { z } from 'zod';

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
