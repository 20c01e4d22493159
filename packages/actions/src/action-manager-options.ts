import {
  type Clock,
  clockSchema,
  type EventBus,
  functionSchema,
  INPUT_LIMITS,
  idSchema,
  implementing,
  jsonObjectSchema,
  MAX_TIMER_MS,
  textSchema,
} from '@agent-runtime/core';
import type { JobManager } from '@agent-runtime/jobs';
import { z } from 'zod';
import type { ActionStore } from './action-store';
import type { SignalChannel } from './signal-channel';
import type { SignalDeliveryError } from './signal-delivery-error';

export interface ActionManagerOptions {
  eventBus?: EventBus;
  /** When given, actions move their job to waiting_action and back to running. */
  jobManager?: JobManager;
  /** Wakes `waitForResolution` as soon as an action is settled; without it, waiters poll. */
  signalChannel?: SignalChannel;
  clock?: Clock;
  /** How often an update re-reads and retries after a concurrent modification. @default 10 */
  maxAttempts?: number;
  /**
   * With a signal channel, `waitForResolution` still re-reads the store at least this often, so an action
   * settled while its signal was lost (a broken connection) is found within one interval. @default 5000
   */
  recheckIntervalMs?: number;
  /**
   * Told when an action was settled and stored but its signal failed. The call that settled it still
   * succeeds (retrying it would only hit the used token); waiters find the action at their next recheck.
   * @default undefined (the failure is not reported)
   */
  onSignalError?: (error: SignalDeliveryError) => void;
}

export interface WaitForResolutionOptions {
  /** Give up with RuntimeTimeoutError after this long; the action stays pending. */
  timeoutSeconds?: number;
  /** Polling period when there is no signal channel. @default 1000 */
  pollIntervalMs?: number;
  /** Aborting rejects with CancelledError. */
  signal?: AbortSignal;
}

/** Restricts a read or cancel to one tenant: an action of another scope is treated as absent. */
export interface ActionScopeOptions {
  /** Only an action of this scope is seen. @default undefined (any scope: trusted, in-process code) */
  scopeId?: string;
}

export interface ActionCancelOptions extends ActionScopeOptions {
  /** Kept on the action as `cancelReason`. @default undefined */
  reason?: string;
}

export interface ResolveActionOptions extends ActionScopeOptions {
  /** The resolution handed to the waiter. @default {} */
  resolution?: Record<string, unknown>;
  /** Who resolved it (an authenticated approver); carried by the `action.resolved` event as `resolvedBy`. */
  principalId?: string;
}

export interface SweeperOptions {
  intervalMs: number;
  /** Called with an error of a sweep; the next sweep runs regardless. */
  onError?: (error: unknown) => void;
}

export const actionManagerOptionsSchema = z.strictObject({
  eventBus: implementing<EventBus>('publish').optional(),
  jobManager: implementing<JobManager>('waitForAction').optional(),
  signalChannel: implementing<SignalChannel>('wait').optional(),
  clock: clockSchema.optional(),
  maxAttempts: z.number().int().positive().optional(),
  // a timer set past MAX_TIMER_MS fires at once
  recheckIntervalMs: z.number().int().positive().max(MAX_TIMER_MS).default(5000),
  onSignalError: functionSchema<(error: SignalDeliveryError) => void>().optional(),
});
export const actionStoreSchema = implementing<ActionStore>('getByResumeTokenHash');
export const resolveSchema = z.strictObject({
  resumeToken: z.string().max(INPUT_LIMITS.maxIdLength),
  resolution: jsonObjectSchema().default({}),
});
export const waitSchema = z.strictObject({
  timeoutSeconds: z.number().finite().positive().optional(),
  pollIntervalMs: z.number().finite().positive().default(1000),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
});
export const sweeperSchema = z.strictObject({
  intervalMs: z.number().finite().positive(),
  onError: functionSchema<(error: unknown) => void>().optional(),
});
export const scopeSchema = z.strictObject({ scopeId: idSchema.optional() });
export const cancelSchema = scopeSchema.extend({ reason: textSchema.optional() });
export const listPendingSchema = scopeSchema.extend({ jobId: idSchema.optional() });
export const resolveByIdSchema = scopeSchema.extend({
  resolution: jsonObjectSchema().default({}),
  principalId: idSchema.optional(),
});
