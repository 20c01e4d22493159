import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export interface TestRedis {
  client: Redis;
  /** Every key a test writes starts with this (unique per test run). */
  prefix: string;
  /** Deletes every key under the prefix and disconnects. */
  cleanup(): Promise<void>;
}

/** Connects to the real Redis (`REDIS_URL`, default 127.0.0.1:6379); rejects, failing the test, when it is missing. */
export async function connectTestRedis(name: string): Promise<TestRedis> {
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  await client.connect();
  await client.ping();
  const prefix = `test:${name}:${randomUUID()}`;
  return {
    client,
    prefix,
    async cleanup() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length > 0) await client.unlink(...keys);
      client.disconnect();
    },
  };
}
