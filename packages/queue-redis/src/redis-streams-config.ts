import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

const name = z.string().min(1);

export const redisStreamsConfigSchema = z.strictObject({
  /** Streams are named `<streamPrefix>:<category>`. */
  streamPrefix: name.default('agent:events'),
  /** Suffix of the stream for events without a category (model, artifact, final events). */
  defaultStream: name.default('all'),
  /** Each stream is trimmed to about (or exactly, see `approximateTrim`) this many entries on every XADD. */
  maxLen: z.number().int().positive().default(100_000),
  /** `MAXLEN ~` (cheap, trims whole macro nodes) instead of the exact `MAXLEN =`. */
  approximateTrim: z.boolean().default(true),
  consumerGroup: name.default('default'),
  consumerName: name.default('worker-1'),
  /** How long one XREADGROUP waits for new entries before the reader loops (and re-claims stale entries). */
  blockMs: z.number().int().positive().default(5000),
});

/** The adapter's settings as given; every field is optional and has a documented default. */
export type RedisStreamsConfigInput = z.input<typeof redisStreamsConfigSchema>;
/** The adapter's settings with every default applied. */
export type RedisStreamsConfig = z.output<typeof redisStreamsConfigSchema>;

/** Validates `input` and applies the defaults; throws ValidationError naming the field. */
export function redisStreamsConfig(input: RedisStreamsConfigInput = {}): RedisStreamsConfig {
  return parseInput(redisStreamsConfigSchema, input, 'config');
}
