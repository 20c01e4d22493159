import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** The ids of the subscriber connections (pub/sub flag `P`) named `connectionName`, from CLIENT LIST. */
async function subscriberIds(admin: Redis, connectionName: string): Promise<string[]> {
  const list = (await admin.call('CLIENT', 'LIST', 'TYPE', 'pubsub')) as string;
  return list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2))))
    .filter((fields) => fields.name === connectionName)
    .map((fields) => fields.id as string);
}

/** Kills this test's own subscriber connections (found by their client name); returns how many. */
export async function killSubscribers(admin: Redis, connectionName: string): Promise<number> {
  const ids = await subscriberIds(admin, connectionName);
  for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}

export async function subscriberCount(admin: Redis, connectionName: string): Promise<number> {
  return (await subscriberIds(admin, connectionName)).length;
}

/** A client that connected once and is now closed for good: every command fails at once. */
export async function unreachableClient(): Promise<Redis> {
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    connectionName: `unreachable-${randomUUID()}`,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
  });
  await client.ping();
  await client.quit();
  return client;
}
