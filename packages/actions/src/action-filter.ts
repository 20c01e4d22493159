import { idSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { ActionRecord } from './action-record';
import { ACTION_STATUSES, type ActionStatus } from './action-status';

/**
 * Which actions `ActionStore.list` returns: absent fields match everything. Ordered by `(createdAt, actionId)`
 * ascending; page with `limit` and `offset`.
 */
export interface ActionFilter {
  jobId?: string;
  scopeId?: string;
  status?: ActionStatus | ActionStatus[];
  type?: string;
  limit?: number;
  offset?: number;
}

const id = idSchema;
const status = z.enum(ACTION_STATUSES as [ActionStatus, ...ActionStatus[]]);

export const actionFilterSchema = z.strictObject({
  jobId: id.optional(),
  scopeId: id.optional(),
  status: z.union([status, z.array(status)]).optional(),
  type: id.optional(),
  limit: z.number().int().positive().optional(),
  offset: z.number().int().nonnegative().optional(),
});

/** Validates a filter; throws ValidationError naming the field (`filter.limit`). */
export function parseActionFilter(filter: ActionFilter | undefined): ActionFilter {
  return parseInput(actionFilterSchema, filter ?? {}, 'filter');
}

export function matchesActionFilter(action: ActionRecord, filter: ActionFilter): boolean {
  const statuses = filter.status === undefined ? undefined : [filter.status].flat();
  if (filter.jobId !== undefined && action.jobId !== filter.jobId) return false;
  if (filter.scopeId !== undefined && action.scopeId !== filter.scopeId) return false;
  if (filter.type !== undefined && action.type !== filter.type) return false;
  return statuses === undefined || statuses.includes(action.status);
}

/** Ascending `(createdAt, actionId)`: the order every ActionStore lists in. */
export function compareActions(a: ActionRecord, b: ActionRecord): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.actionId < b.actionId ? -1 : a.actionId > b.actionId ? 1 : 0;
}
