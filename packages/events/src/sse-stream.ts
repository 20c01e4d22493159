import { type Clock, parseInput, type RuntimeEvent, redactForExport, systemClock } from '@agent-runtime/core';
import { z } from 'zod';
import type { EventLog } from './event-log';
import { HEARTBEAT, withHeartbeat } from './heartbeat';
import { formatSSEComment, formatSSEFrame } from './sse-frame';

export interface SSEStreamOptions {
  /**
   * The `Last-Event-ID` header of a reconnecting client: the `seq` of the last event it received. The stream
   * replays from the log exactly the events after it. @default from the job's first event
   */
  lastEventId?: string;
  /** Ends the stream (pass the request's abort signal). */
  signal?: AbortSignal;
  /** A `: heartbeat` comment after this much silence; 0 disables. @default 15000 */
  heartbeatIntervalMs?: number;
  /** When set, the stream starts with `retry:` so clients wait this long before reconnecting. */
  retryMs?: number;
  /** @default systemClock */
  clock?: Clock;
}

const optionsSchema = z
  .strictObject({
    lastEventId: z
      .string()
      .trim()
      .regex(/^\d+$/, 'must be the seq of an event (a non-negative integer)')
      .transform(Number)
      .optional(),
    signal: z.instanceof(AbortSignal).optional(),
    heartbeatIntervalMs: z.number().int().nonnegative().default(15_000),
    retryMs: z.number().int().nonnegative().optional(),
    clock: z
      .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
      .optional(),
  })
  .default({ heartbeatIntervalMs: 15_000 });

/**
 * The Server-Sent Events frames of one job, read from its event log: each event (redacted) with `id: <seq>`,
 * from the first event or after `lastEventId`, then live, ending after the final event. A client that
 * reconnects with the `Last-Event-ID` it last received, to this process or any other on the same log (say,
 * after a restart), gets exactly the events it missed, none twice.
 */
export function sseStream(
  log: EventLog,
  jobId: string,
  options?: SSEStreamOptions,
): AsyncGenerator<string, void, undefined> {
  const { lastEventId, signal, heartbeatIntervalMs, retryMs, clock } = parseInput(
    optionsSchema,
    options,
    'options',
  );
  const stop = new AbortController();
  const events = log.follow(jobId, {
    afterSeq: lastEventId ?? 0,
    signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
  });
  return frames(events, stop, { heartbeatIntervalMs, retryMs, clock: clock ?? systemClock });
}

async function* frames(
  events: AsyncIterable<RuntimeEvent>,
  stop: AbortController,
  { heartbeatIntervalMs, retryMs, clock }: { heartbeatIntervalMs: number; retryMs?: number; clock: Clock },
): AsyncGenerator<string, void, undefined> {
  if (retryMs !== undefined) yield `retry: ${retryMs}\n\n`;
  const iterator = events[Symbol.asyncIterator]();
  try {
    let pending = iterator.next();
    for (;;) {
      const next = await withHeartbeat(pending, heartbeatIntervalMs, clock);
      if (next === HEARTBEAT) {
        yield formatSSEComment('heartbeat');
        continue;
      }
      if (next.done) return;
      yield frameOf(next.value);
      pending = iterator.next();
    }
  } finally {
    // the follower may be waiting for a live event: abort it rather than wait for one
    stop.abort();
  }
}

function frameOf(event: RuntimeEvent): string {
  const exported = redactForExport(event);
  return formatSSEFrame({
    id: String(exported.seq),
    event: exported.type,
    data: JSON.stringify(exported.toJSON()),
  });
}
