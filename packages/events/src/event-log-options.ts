import {
  type AnyRuntimeEvent,
  asAnyRuntimeEvent,
  type Clock,
  parseInput,
  RuntimeEvent,
  ValidationError,
} from '@agent-runtime/core';
import { z } from 'zod';
import type { EventLogFollowOptions, EventLogPruneOptions, EventLogReadOptions } from './event-log';

const DAY_MS = 86_400_000;
const jobIdSchema = z.string().min(1);
const afterSeq = z.number().int().nonnegative().default(0);

const readSchema = z
  .strictObject({ afterSeq, limit: z.number().int().positive().optional() })
  .default({ afterSeq: 0 });
const followSchema = z
  .strictObject({ afterSeq, signal: z.instanceof(AbortSignal).optional() })
  .default({ afterSeq: 0 });
const pruneSchema = z.strictObject({ before: z.number().finite().optional() }).default({});
const eventsSchema = z.array(
  z.instanceof(RuntimeEvent, { message: 'must be a RuntimeEvent' }).superRefine((event, ctx) => {
    if (event.jobId === undefined) ctx.addIssue({ code: 'custom', path: ['jobId'], message: 'is required' });
  }),
);

/** Options every EventLog implementation takes besides its storage. */
export interface EventLogRetentionOptions {
  /** `prune()` without `before` removes jobs idle for longer than this. @default none (pass `before`) */
  retentionDays?: number;
  /** Reads "now" for `retentionDays`. @default systemClock */
  clock?: Clock;
}

export const retentionOptionsShape = {
  retentionDays: z.number().positive().finite().optional(),
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
    .optional(),
};

/** Events to append: RuntimeEvents that each name their job (`events.2.jobId` names one that does not). */
export function parseAppendedEvents(events: readonly RuntimeEvent[]): AnyRuntimeEvent[] {
  // what the schema checks, by hand first: it names the offending event only when one fails
  if (Array.isArray(events) && events.every(isJobEvent)) return events.map(asAnyRuntimeEvent);
  return parseInput(eventsSchema, events, 'events').map(asAnyRuntimeEvent);
}

function isJobEvent(event: unknown): boolean {
  return event instanceof RuntimeEvent && event.jobId !== undefined;
}

export function parseReadArguments(jobId: string, options: EventLogReadOptions | undefined) {
  return { jobId: parseInput(jobIdSchema, jobId, 'jobId'), ...parseInput(readSchema, options, 'options') };
}

export function parseFollowArguments(jobId: string, options: EventLogFollowOptions | undefined) {
  return { jobId: parseInput(jobIdSchema, jobId, 'jobId'), ...parseInput(followSchema, options, 'options') };
}

/** The prune cut-off: `before`, else now − `retentionDays`; neither is a ValidationError. */
export function pruneCutoff(
  options: EventLogPruneOptions | undefined,
  retentionDays: number | undefined,
  clock: Clock,
): number {
  const { before } = parseInput(pruneSchema, options, 'options');
  if (before !== undefined) return before;
  if (retentionDays !== undefined) return clock.now() - retentionDays * DAY_MS;
  throw new ValidationError({
    field: 'options.before',
    message: 'options.before: required when the event log has no retentionDays',
  });
}
