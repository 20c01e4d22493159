import { ActionManager } from '@agent-runtime/actions';
import { InMemoryJobStore, JobRecord } from '@agent-runtime/jobs';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { RedisActionStore, RedisConnectionError, RedisJobCache, RedisSignalChannel } from './index';

let redis: TestRedis;
beforeAll(async () => {
  redis = await connectTestRedis('store-redis-readme');
});
afterAll(async () => {
  await redis?.cleanup();
});

it('runs the README example', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  // The README's code, with its key prefix under this test run's prefix.
  const myapp = `${redis.prefix}:myapp`;

  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

  const signalChannel = new RedisSignalChannel(client, { keyPrefix: myapp });
  await signalChannel.start();

  const actionId = 'act-123';
  await signalChannel.signal(actionId, { actionId, status: 'resolved', resolution: { approved: true } });

  const signal = await signalChannel.wait(actionId, { timeoutMs: 300_000 });
  console.log(signal?.status);

  const primaryStore = new InMemoryJobStore();
  await primaryStore.create(new JobRecord({ jobId: 'job-123', scopeId: 'tenant-123' }));
  const jobCache = new RedisJobCache(client, { primaryStore, ttlSeconds: 300, keyPrefix: myapp });
  const job = await jobCache.get('job-123');
  console.log(job?.status);

  const actionStore = new RedisActionStore(client, { keyPrefix: myapp });
  const actions = new ActionManager(actionStore, { signalChannel });
  const action = await actions.requireAction({
    jobId: 'job-123',
    type: 'confirm',
    payload: { message: 'Proceed?' },
  });
  const waiting = actions.waitForResolution(action.actionId, { timeoutSeconds: 300 });
  await actions.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
  console.log((await waiting).resolution);

  await signalChannel.stop();

  expect(log.mock.calls).toEqual([['resolved'], ['queued'], [{ approved: true }]]);
  client.disconnect();
  log.mockRestore();
});

it('runs the Faults and backstop example', async () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const myapp = `${redis.prefix}:faults`;

  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    connectionName: 'approvals',
  });
  const signalChannel = new RedisSignalChannel(client, { keyPrefix: myapp, recheckIntervalMs: 5000 });
  const warned: string[] = [];
  const actions = new ActionManager(new RedisActionStore(client, { keyPrefix: myapp }), {
    signalChannel,
    recheckIntervalMs: 5000,
    onSignalError: (error) => warned.push(`${error.actionId}: waiters will find it at their next recheck`),
  });

  const action = await actions.requireAction({ jobId: 'job-9', type: 'approval' });
  try {
    await actions.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
  } catch (error) {
    if (RedisConnectionError.isInstance(error)) console.log('not resolved: retry later with the same token');
  }
  console.log((await actions.waitForResolution(action.actionId)).status);
  await signalChannel.stop();
  client.disconnect();

  expect(log.mock.calls).toEqual([['resolved']]);
  expect(warned).toEqual([]);
  log.mockRestore();
});
