import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ActionManager } from '@agent-runtime/actions';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { RedisActionStore } from './redis-action-store';
import { RedisSignalChannel } from './redis-signal-channel';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
let redis: TestRedis;

beforeAll(async () => {
  redis = await connectTestRedis('store-redis-cross-process');
});
afterAll(async () => {
  await redis?.cleanup();
});

/**
 * The waiter runs under tsx with the workspace packages mapped to their sources (tsconfig.sources.json), so
 * it runs exactly the code under test: no build step, no stale dist, no dependence on other packages building.
 */
function spawnWaiter(actionId: string) {
  const child = spawn(
    `${packageDir}node_modules/.bin/tsx`,
    [
      '--tsconfig',
      `${packageDir}tsconfig.sources.json`,
      `${packageDir}src/cross-process/waiter.ts`,
      actionId,
      redis.prefix,
      process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return { child, nextLine: async () => (await lines.next()).value as string };
}

it('wakes a waiter in another process when this process resolves the action', async () => {
  const client = redis.client;
  const signalChannel = new RedisSignalChannel(client, { keyPrefix: redis.prefix });
  const manager = new ActionManager(new RedisActionStore(client, { keyPrefix: redis.prefix }), {
    signalChannel,
  });
  const action = await manager.requireAction({
    jobId: 'job-1',
    type: 'confirm',
    payload: { message: 'Deploy?' },
  });

  const { child, nextLine } = spawnWaiter(action.actionId);
  const exited = once(child, 'exit');
  onTestFinished(() => {
    if (child.exitCode === null) child.kill();
  });
  expect(await nextLine()).toBe('waiting');
  await new Promise((resolve) => setTimeout(resolve, 300)); // let it block on the channel

  const resolvedAt = Date.now();
  await manager.resolve({ resumeToken: action.resumeToken!, resolution: { approved: true } });
  const woke = JSON.parse(await nextLine()) as { status: string; resolution: unknown; wokeAt: number };

  expect(woke.status).toBe('resolved');
  expect(woke.resolution).toEqual({ approved: true });
  const latencyMs = woke.wokeAt - resolvedAt;
  console.info(`cross-process wake-up: ${latencyMs} ms after resolve (the waiter polls only every 60 s)`);
  expect(latencyMs).toBeLessThan(1000);
  expect((await exited)[0]).toBe(0);
  await signalChannel.stop();
}, 30_000);
