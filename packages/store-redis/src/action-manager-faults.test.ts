import { randomUUID } from 'node:crypto';
import { ActionManager, type SignalDeliveryError } from '@agent-runtime/actions';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { RedisActionStore } from './redis-action-store';
import { RedisConnectionError } from './redis-connection-error';
import { RedisSignalChannel } from './redis-signal-channel';
import { unreachableClient } from './test-redis-clients';

let redis: TestRedis;
beforeAll(async () => {
  redis = await connectTestRedis('store-redis-action-faults');
});
afterAll(async () => {
  await redis?.cleanup();
});

function waiterManager(recheckIntervalMs: number) {
  const signalChannel = new RedisSignalChannel(redis.client, { keyPrefix: redis.prefix });
  onTestFinished(() => signalChannel.stop());
  const store = new RedisActionStore(redis.client, { keyPrefix: redis.prefix });
  return { store, manager: new ActionManager(store, { signalChannel, recheckIntervalMs }) };
}

it("resolve() succeeds once stored when the resolver's signal Redis is unreachable; the waiter finds it within recheckIntervalMs", async () => {
  const recheckIntervalMs = 300;
  const { store, manager: waiter } = waiterManager(recheckIntervalMs);
  const reported: SignalDeliveryError[] = [];
  const resolver = new ActionManager(store, {
    signalChannel: new RedisSignalChannel(await unreachableClient(), { keyPrefix: redis.prefix }),
    onSignalError: (error) => reported.push(error),
  });
  const action = await waiter.requireAction({ jobId: `job-${randomUUID()}`, type: 'confirm' });
  const waiting = waiter.waitForResolution(action.actionId, { timeoutSeconds: 10 });
  await new Promise((resolve) => setTimeout(resolve, 20));

  const resolvedAt = performance.now();
  const resolved = await resolver.resolve({
    resumeToken: action.resumeToken!,
    resolution: { approved: true },
  });
  expect(resolved.status).toBe('resolved');
  expect(reported).toHaveLength(1);
  expect(RedisConnectionError.isInstance(reported[0]?.cause)).toBe(true);

  expect((await waiting).resolution).toEqual({ approved: true });
  expect(performance.now() - resolvedAt).toBeLessThan(recheckIntervalMs + 500);
});

it("resolve() rejects with RedisConnectionError when the action store's Redis is unreachable, and changes nothing", async () => {
  const { store, manager } = waiterManager(5000);
  const action = await manager.requireAction({ jobId: `job-${randomUUID()}`, type: 'confirm' });
  const resolver = new ActionManager(
    new RedisActionStore(await unreachableClient(), { keyPrefix: redis.prefix }),
  );
  await expect(resolver.resolve({ resumeToken: action.resumeToken! })).rejects.toSatisfy(
    RedisConnectionError.isInstance,
  );
  expect((await store.get(action.actionId))?.status).toBe('pending');
  // the token is still good: a retry through a reachable Redis resolves it
  expect((await manager.resolve({ resumeToken: action.resumeToken! })).status).toBe('resolved');
});
