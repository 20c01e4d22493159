import { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisStreamsAdapter } from './index';

let redis: TestRedis;
beforeAll(async () => {
  redis = await connectTestRedis('queue-redis-readme');
});
afterAll(async () => {
  await redis?.cleanup();
});

it('runs the README example', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  // The README's code, with the stream prefix under this test run's prefix.
  const myapp = `${redis.prefix}:myapp`;

  const redisClient = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const eventBus = new InMemoryEventBus();

  const adapter = new RedisStreamsAdapter(redisClient, eventBus, {
    streamPrefix: `${myapp}:events`,
    maxLen: 100_000,
    consumerGroup: 'workers',
    consumerName: 'worker-1',
  });
  await adapter.start();

  await eventBus.publish(new RuntimeEvent({ type: RuntimeEventType.JOB_STARTED, jobId: 'job-123' }));
  await eventBus.drain();

  for await (const event of adapter.readEvents(`${myapp}:events:job`)) {
    console.log(event.type, event.jobId);
    break;
  }

  const events = await adapter.readRange(`${myapp}:events:job`, {
    start: '-',
    end: '+',
    count: 100,
  });

  await adapter.stop();

  expect(log).toHaveBeenCalledWith('job.started', 'job-123');
  expect(events.map((e) => [e.type, e.jobId])).toEqual([['job.started', 'job-123']]);
  redisClient.disconnect();
  log.mockRestore();
});
