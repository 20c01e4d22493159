import { randomUUID } from 'node:crypto';
import { ActionManager } from '@agent-runtime/actions';
import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { defineTool, type ExecutionHandle, RuntimeKernel } from '@agent-runtime/kernel';
import { connectTestRedis, type TestRedis } from '@agent-runtime/test-helpers';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { RedisActionStore } from './redis-action-store';
import { RedisSignalChannel } from './redis-signal-channel';
import { killSubscribers, subscriberCount, unreachableClient } from './test-redis-clients';

let redis: TestRedis; // the resolver's connection: another process, as far as Redis can tell
const cleanups: (() => unknown)[] = [];
beforeAll(async () => {
  redis = await connectTestRedis('store-redis-kernel-faults');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await redis?.cleanup();
});

const deploy = defineTool({
  name: 'deploy',
  description: 'Deploys once a human approves',
  inputSchema: z.object({}),
  async execute(_input, toolContext) {
    const action = await toolContext.requireAction({ type: 'approval', payload: {} });
    return { approved: action.resolution?.approved === true };
  },
});

/** The kernel process: its own named client (reconnecting after 200 ms), Redis action store and signal channel. */
function waiterKernel(client: Redis, signalChannel: RedisSignalChannel): RuntimeKernel {
  const agent = scriptedDriver(
    [{ toolCalls: [{ toolName: 'deploy', input: {}, toolCallId: 'c1' }] }, { text: 'Deployed.' }],
    { middleware: 'none' },
  );
  return RuntimeKernel.create({
    agent,
    tools: [deploy],
    actionStore: new RedisActionStore(client, { keyPrefix: redis.prefix }),
    signalChannel,
  });
}

function namedClient() {
  const connectionName = `kernel-faults-${randomUUID()}`;
  const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    connectionName,
    retryStrategy: () => 200,
  });
  cleanups.push(() => client.disconnect());
  return { client, connectionName };
}

function channelOver(client: Redis, recheckIntervalMs?: number) {
  const channel = new RedisSignalChannel(client, { keyPrefix: redis.prefix, recheckIntervalMs });
  cleanups.push(() => channel.stop());
  return channel;
}

async function resumeTokenOf(handle: ExecutionHandle): Promise<string> {
  for await (const event of handle.events())
    if (event.type === 'action.required') return event.data.resumeToken;
  throw new Error('the job ended without asking for approval');
}

/** The job's result, or 'hung' if it has not ended within `ms`. */
async function resultWithin(handle: ExecutionHandle, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => resolve('hung'), ms);
  });
  try {
    return await Promise.race([handle.result(), hung]);
  } finally {
    clearTimeout(timer);
  }
}

describe('kernel approvals under Redis faults', () => {
  it('an approved job ends when the approval lands while its subscriber reconnects: 50 trials', async () => {
    const { client, connectionName } = namedClient();
    // the channel's own backstop is far off (60 s): only the re-read after the reconnect can wake in time
    const signalChannel = channelOver(client, 60_000);
    const resolver = new ActionManager(new RedisActionStore(redis.client, { keyPrefix: redis.prefix }), {
      signalChannel: channelOver(redis.client),
    });
    await signalChannel.start();
    let succeeded = 0;
    let resolvedWhileAway = 0;
    for (let trial = 0; trial < 50; trial++) {
      const kernel = waiterKernel(client, signalChannel);
      const handle = await kernel.execute({ prompt: 'Deploy', scopeId: 'tenant-1' });
      const resumeToken = await resumeTokenOf(handle);
      await new Promise((resolve) => setTimeout(resolve, 20)); // the kernel is waiting for the approval now
      expect(await killSubscribers(redis.client, connectionName)).toBe(1);
      await resolver.resolve({ resumeToken, resolution: { approved: true } });
      if ((await subscriberCount(redis.client, connectionName)) === 0) resolvedWhileAway++;
      const result = await resultWithin(handle, 2000);
      if (result !== 'hung' && result.status === 'succeeded') succeeded++;
    }
    console.info(
      `kernel, subscriber killed during the approval: ${succeeded}/50 jobs succeeded within 2 s, ${resolvedWhileAway} approvals resolved while the subscriber was away`,
    );
    expect(resolvedWhileAway).toBe(50);
    expect(succeeded).toBe(50);
  }, 120_000);

  it("approved jobs end within the 5 s backstop when the resolver's signal never reaches Redis: 5 jobs", async () => {
    const { client } = namedClient();
    const signalChannel = channelOver(client);
    const unreachable = await unreachableClient();
    const resolver = new ActionManager(new RedisActionStore(redis.client, { keyPrefix: redis.prefix }), {
      signalChannel: channelOver(unreachable),
    });
    const handles = await Promise.all(
      Array.from({ length: 5 }, () =>
        waiterKernel(client, signalChannel).execute({ prompt: 'Deploy', scopeId: 'tenant-1' }),
      ),
    );
    const tokens = await Promise.all(handles.map(resumeTokenOf));
    const resolvedAt = performance.now();
    for (const resumeToken of tokens) {
      const resolved = await resolver.resolve({ resumeToken, resolution: { approved: true } });
      expect(resolved.status).toBe('resolved');
    }
    const results = await Promise.all(handles.map((handle) => resultWithin(handle, 7000)));
    const elapsed = performance.now() - resolvedAt;
    console.info(
      `kernel, signal lost: ${results.filter((r) => r !== 'hung').length}/5 ended in ${Math.round(elapsed)} ms`,
    );
    expect(results.map((r) => (r === 'hung' ? r : r.status))).toEqual(Array(5).fill('succeeded'));
    expect(elapsed).toBeLessThan(5000 + 1000);
  }, 30_000);
});
