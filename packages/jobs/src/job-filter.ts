import { idSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { decodeJobCursor } from './job-cursor';
import { JOB_STATUSES, type JobStatus } from './job-status';

/**
 * Which jobs `JobStore.list`/`count` return. Absent fields match everything; `tags` must all match.
 * Results are ordered by `(createdAt, jobId)`, ascending unless `order: 'desc'`. Page with `limit` plus
 * either `offset` or `cursor` (from `encodeJobCursor(lastJobOfPreviousPage)`); `count` ignores paging.
 */
export interface JobFilter {
  scopeId?: string;
  principalId?: string;
  sessionId?: string;
  status?: JobStatus | JobStatus[];
  parentJobId?: string;
  tags?: Record<string, string>;
  /** Inclusive lower bound on `createdAt` (epoch ms). */
  createdAfter?: number;
  /** Exclusive upper bound on `createdAt` (epoch ms), so consecutive windows tile. */
  createdBefore?: number;
  /**
   * Inclusive upper bound on `deadline` (epoch ms); jobs without a deadline never match. What
   * `JobManager.expireOverdue` asks for (PostgreSQL answers it from the `(status, deadline)` index).
   */
  deadlineBefore?: number;
  limit?: number;
  offset?: number;
  cursor?: string;
  order?: 'asc' | 'desc';
}

const id = idSchema;
const status = z.enum(JOB_STATUSES as [JobStatus, ...JobStatus[]]);

export const jobFilterSchema = z
  .strictObject({
    scopeId: id.optional(),
    principalId: id.optional(),
    sessionId: id.optional(),
    status: z.union([status, z.array(status)]).optional(),
    parentJobId: id.optional(),
    tags: z.record(idSchema, idSchema).optional(),
    createdAfter: z.number().finite().optional(),
    createdBefore: z.number().finite().optional(),
    deadlineBefore: z.number().finite().optional(),
    limit: z.number().int().positive().optional(),
    offset: z.number().int().nonnegative().optional(),
    cursor: z.string().min(1).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .refine((f) => f.offset === undefined || f.cursor === undefined, {
    message: 'use either offset or cursor, not both',
    path: ['cursor'],
  });

/** Validates a filter (throws ValidationError naming the field), including its cursor. */
export function parseJobFilter(filter: JobFilter | undefined): JobFilter {
  const parsed = parseInput(jobFilterSchema, filter ?? {}, 'filter');
  if (parsed.cursor !== undefined) decodeJobCursor(parsed.cursor);
  return parsed;
}

/** The statuses a filter asks for, or undefined for any. */
export function filterStatuses(filter: JobFilter): readonly JobStatus[] | undefined {
  if (filter.status === undefined) return undefined;
  return Array.isArray(filter.status) ? filter.status : [filter.status];
}
