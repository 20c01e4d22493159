import {
  type BudgetSpecInput,
  budgetSpecSchema,
  idSchema,
  jsonObjectSchema,
  type PolicyRef,
  policyRefSchema,
} from '@agent-runtime/core';
import { z } from 'zod';

/** What `JobManager.create` and `JobRecord.create` take to make a new, queued job. */
export interface JobSpec {
  /** Defaults to a fresh `job_…` id. */
  jobId?: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  runId?: string;
  traceId?: string;
  parentJobId?: string;
  /** Unique per scope: creating a job again with the same key returns the existing job. */
  idempotencyKey?: string;
  /** Absolute deadline, epoch ms. */
  deadline?: number;
  /** Relative deadline from creation; with `deadline` too, the earlier one wins. */
  timeoutSeconds?: number;
  budgets?: BudgetSpecInput;
  policyRef?: PolicyRef;
  /** JSON-compatible values only (stores persist them as JSON). */
  metadata?: Record<string, unknown>;
  tags?: Record<string, string>;
}

const id = idSchema;

export const jobSpecSchema = z.strictObject({
  jobId: id.optional(),
  scopeId: id,
  principalId: id.optional(),
  sessionId: id.optional(),
  runId: id.optional(),
  traceId: id.optional(),
  parentJobId: id.optional(),
  idempotencyKey: id.optional(),
  deadline: z.number().finite().nonnegative().optional(),
  timeoutSeconds: z.number().finite().positive().optional(),
  budgets: budgetSpecSchema.optional(),
  policyRef: policyRefSchema.optional(),
  metadata: jsonObjectSchema().optional(),
  tags: z.record(idSchema, idSchema).optional(),
});
