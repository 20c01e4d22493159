import { z } from 'zod';

export const readEventsOptionsSchema = z.strictObject({
  /** Overrides the config's `consumerName` for this reader. */
  consumerName: z.string().min(1).optional(),
  /** Entries fetched per round trip. */
  count: z.number().int().positive().default(100),
  /** A pending entry idle this long at another consumer (crashed, stuck) is claimed by this one. */
  claimMinIdleMs: z.number().int().nonnegative().default(60_000),
  /** Ends the iteration (the entry in hand, if any, stays pending). */
  signal: z.instanceof(AbortSignal).optional(),
});

export type ReadEventsOptions = z.input<typeof readEventsOptionsSchema>;

const streamId = z.string().regex(/^([-+]|\(?\d+(-\d+)?)$/, 'a stream id: -, +, <ms>, <ms>-<seq> or (<id>');

export const readRangeOptionsSchema = z.strictObject({
  /** First id (inclusive; `(id` exclusive); `-` is the oldest entry. */
  start: streamId.default('-'),
  /** Last id (inclusive; `(id` exclusive); `+` is the newest entry. */
  end: streamId.default('+'),
  /** At most this many events. */
  count: z.number().int().positive().optional(),
});

export type ReadRangeOptions = z.input<typeof readRangeOptionsSchema>;
