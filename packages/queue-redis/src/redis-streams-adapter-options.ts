import { type Clock, parseInput, systemClock } from '@agent-runtime/core';
import { z } from 'zod';

export interface RedisStreamsAdapterOptions {
  /** Events waiting to be appended (Redis slow or away); past it the oldest are dropped and counted. @default 10000 */
  maxBufferedEvents?: number;
  /** At most this many events go in one MULTI/EXEC round trip. @default 1000 */
  maxBatchSize?: number;
  /** First wait after a failed append; doubles per failure up to 5 s. @default 100 */
  retryBackoffMs?: number;
  /** How long `stop()` keeps appending what is queued before it gives up (counted as dropped). @default 10000 */
  stopTimeoutMs?: number;
  /** Where the one warning per outage goes. @default console */
  logger?: Pick<Console, 'warn'>;
  /** @default systemClock */
  clock?: Clock;
}

const optionsSchema = z.strictObject({
  maxBufferedEvents: z.number().int().positive().default(10_000),
  maxBatchSize: z.number().int().positive().default(1000),
  retryBackoffMs: z.number().int().positive().default(100),
  stopTimeoutMs: z.number().int().nonnegative().default(10_000),
  logger: z
    .custom<Pick<Console, 'warn'>>(
      (v) => typeof (v as Console | undefined)?.warn === 'function',
      'must have a warn method',
    )
    .default(console),
  clock: z
    .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
    .default(systemClock),
});

export type ValidRedisStreamsAdapterOptions = z.output<typeof optionsSchema>;

/** Validates the adapter's options and applies their defaults; throws ValidationError naming the field. */
export function redisStreamsAdapterOptions(
  input: RedisStreamsAdapterOptions = {},
): ValidRedisStreamsAdapterOptions {
  return parseInput(optionsSchema, input, 'options');
}
