import { z } from 'zod';

/** How long an in-memory ActionStore keeps actions that are no longer pending (resolved, expired, cancelled). */
export interface ActionRetention {
  /**
   * Settled actions kept; beyond that the action settled first is dropped. Pending actions are never dropped.
   * @default 1000
   */
  settledActions?: number;
  /**
   * Settled actions are dropped this many seconds after they settled.
   * @default undefined (no age limit: `settledActions` alone bounds the store)
   */
  maxAgeSeconds?: number;
}

const DEFAULT_SETTLED_ACTIONS = 1000;

export const actionRetentionSchema = z
  .strictObject({
    settledActions: z.number().int().nonnegative().default(DEFAULT_SETTLED_ACTIONS),
    maxAgeSeconds: z.number().positive().optional(),
  })
  .default({ settledActions: DEFAULT_SETTLED_ACTIONS });
