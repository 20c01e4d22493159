import { decodeJobCursor, JOB_STATUSES, type JobStatus } from '@agent-runtime/jobs';
import { z } from 'zod';

const id = z.string().min(1);
const money = z.union([
  z.string().regex(/^\d+(\.\d+)?$/, 'must be a decimal amount'),
  z.number().nonnegative(),
]);
const jobStatus = z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]);

/** `POST /v1/jobs`: a kernel request without scope or principal (they come from the API key). */
export const createJobBodySchema = z.strictObject({
  prompt: z.string().min(1),
  sessionId: id.optional(),
  budgets: z
    .strictObject({
      maxTokens: z.number().int().positive().optional(),
      maxCost: money.optional(),
      maxToolCalls: z.number().int().nonnegative().optional(),
      maxTurns: z.number().int().positive().optional(),
      maxRuntimeSeconds: z.number().positive().optional(),
    })
    .optional(),
  policyRef: z
    .strictObject({
      name: id,
      version: id.optional(),
      overrides: z.record(z.string(), z.json()).optional(),
    })
    .optional(),
  metadata: z.record(z.string(), z.json()).optional(),
  timeoutSeconds: z.number().positive().optional(),
  /** `run` (the default) runs the job in this process now; `submit` queues it for workers (`kernel.submit`). */
  mode: z.enum(['run', 'submit']).default('run'),
});

export const idempotencyKeySchema = z.string().min(1).max(255).optional();

const commaList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((value) => value.split(','))
    .pipe(z.array(item).min(1));

/** `GET /v1/jobs` query. */
export const listJobsQuerySchema = z.strictObject({
  status: commaList(jobStatus).optional(),
  principalId: id.optional(),
  sessionId: id.optional(),
  createdAfter: z.coerce.number().finite().optional(),
  createdBefore: z.coerce.number().finite().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: id.refine(isJobCursor, 'must be the nextCursor of a previous page').optional(),
  order: z.enum(['asc', 'desc']).default('desc'),
});

function isJobCursor(cursor: string): boolean {
  try {
    decodeJobCursor(cursor);
    return true;
  } catch {
    return false;
  }
}

export const cancelJobBodySchema = z
  .strictObject({ reason: z.string().min(1).max(1000).optional() })
  .default({});

/** `GET /v1/actions` query: the pending actions of the scope, or of one job. */
export const listActionsQuerySchema = z.strictObject({
  status: z.literal('pending').default('pending'),
  jobId: id.optional(),
});

const resolution = z.record(z.string(), z.json());

export const resolveActionBodySchema = z.strictObject({ resolution: resolution.default({}) });

export const resolveByTokenBodySchema = z.strictObject({
  resumeToken: id,
  resolution: resolution.default({}),
});

/** `GET /v1/usage` query. */
export const usageQuerySchema = z.strictObject({
  principalId: id.optional(),
  /** Epoch ms inside the day and month to report (UTC). @default now */
  at: z.coerce.number().int().nonnegative().optional(),
  /** How many days, ending with the day of `at`, the `daily` series holds. @default 7 */
  days: z.coerce.number().int().min(1).max(92).default(7),
});

export const jobSchema = z.looseObject({
  jobId: id,
  scopeId: id,
  principalId: id.optional(),
  status: jobStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
});

export const jobPageSchema = z.object({ items: z.array(jobSchema), nextCursor: z.string().optional() });

export const actionSchema = z.looseObject({
  actionId: id,
  jobId: id,
  scopeId: id.optional(),
  type: id,
  status: z.enum(['pending', 'resolved', 'expired', 'cancelled']),
  payload: z.record(z.string(), z.unknown()),
  createdAt: z.number(),
});

export const actionListSchema = z.object({ items: z.array(actionSchema) });

const usageSchema = z.object({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  cost: z.string(),
  requests: z.number(),
  toolCalls: z.number(),
});

const usageWindowSchema = z.object({ since: z.number(), until: z.number(), usage: usageSchema });

export const usageReportSchema = z.object({
  scopeId: id,
  principalId: id.optional(),
  day: usageWindowSchema,
  month: usageWindowSchema,
  daily: z.array(usageWindowSchema),
});

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  code: z.string(),
  field: z.string().optional(),
});

export const healthSchema = z.object({ status: z.literal('ok') });
