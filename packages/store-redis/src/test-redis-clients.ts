import { randomUUID } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { Redis } from 'ioredis';

/** The ids of the connections of `type` (`pubsub`: subscribers) named `connectionName`, from CLIENT LIST. */
async function clientIds(admin: Redis, connectionName: string, type = 'pubsub'): Promise<string[]> {
  const list = (await admin.call('CLIENT', 'LIST', 'TYPE', type)) as string;
  return list
    .split('\n')
    .map((line) => Object.fromEntries(line.split(' ').map((field) => field.split('=', 2))))
    .filter((fields) => fields.name === connectionName)
    .map((fields) => fields.id as string);
}

/** Kills this test's own subscriber connections (found by their client name); returns how many. */
export async function killSubscribers(admin: Redis, connectionName: string): Promise<number> {
  const ids = await clientIds(admin, connectionName);
  for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}

export async function subscriberCount(admin: Redis, connectionName: string): Promise<number> {
  return (await clientIds(admin, connectionName)).length;
}

/** Kills this test's own command connections named `connectionName`; returns how many. */
export async function killClients(admin: Redis, connectionName: string): Promise<number> {
  const ids = await clientIds(admin, connectionName, 'normal');
  for (const id of ids) await admin.call('CLIENT', 'KILL', 'ID', id);
  return ids.length;
}

/** A loopback port nothing listens on (a server bound it and closed it): connecting is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
