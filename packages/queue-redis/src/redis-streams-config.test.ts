import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { redisStreamsConfig } from './redis-streams-config';

describe('redisStreamsConfig', () => {
  it('defaults every field to its documented value', () => {
    expect(redisStreamsConfig()).toEqual({
      streamPrefix: 'agent:events',
      defaultStream: 'all',
      maxLen: 100_000,
      approximateTrim: true,
      consumerGroup: 'default',
      consumerName: 'worker-1',
      blockMs: 5000,
    });
  });

  it('keeps given values', () => {
    const config = {
      streamPrefix: 'myapp:events',
      defaultStream: 'misc',
      maxLen: 10,
      approximateTrim: false,
    };
    expect(
      redisStreamsConfig({ ...config, consumerGroup: 'g', consumerName: 'c', blockMs: 1 }),
    ).toMatchObject(config);
  });

  it.each([
    [{ streamPrefix: '' }, 'config.streamPrefix'],
    [{ defaultStream: '' }, 'config.defaultStream'],
    [{ maxLen: 0 }, 'config.maxLen'],
    [{ maxLen: 1.5 }, 'config.maxLen'],
    [{ approximateTrim: 'yes' }, 'config.approximateTrim'],
    [{ consumerGroup: '' }, 'config.consumerGroup'],
    [{ consumerName: '' }, 'config.consumerName'],
    [{ blockMs: 0 }, 'config.blockMs'],
    [{ max_len: 5 }, 'config'],
  ])('rejects %j naming %s', (input, field) => {
    const error = catchError(() => redisStreamsConfig(input as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
