import { idSchema, jsonObjectSchema } from '@agent-runtime/core';
import { z } from 'zod';
import type { ActionType } from './action-type';

/** What `ActionManager.requireAction` takes. */
export interface ActionSpec {
  jobId: string;
  /** An ActionType value or a custom string. */
  type: ActionType | (string & {});
  /** What the human is shown (JSON-compatible). */
  payload?: Record<string, unknown>;
  /** The action expires this long after creation; without it, it never expires. */
  timeoutSeconds?: number;
  metadata?: Record<string, unknown>;
  /** Defaults to the job's scope when the manager has a JobManager. */
  scopeId?: string;
}

const id = idSchema;

export const actionSpecSchema = z.strictObject({
  jobId: id,
  type: id,
  payload: jsonObjectSchema().optional(),
  timeoutSeconds: z.number().finite().positive().optional(),
  metadata: jsonObjectSchema().optional(),
  scopeId: id.optional(),
});
