// Run by the cross-process test in a process of its own: waits for an action that another process resolves.
import { ActionManager } from '@agent-runtime/actions';
import { Redis } from 'ioredis';
import { RedisActionStore } from '../redis-action-store';
import { RedisSignalChannel } from '../redis-signal-channel';

const [actionId, keyPrefix, redisUrl] = process.argv.slice(2) as [string, string, string];
const client = new Redis(redisUrl);
const signalChannel = new RedisSignalChannel(client, { keyPrefix });
const manager = new ActionManager(new RedisActionStore(client, { keyPrefix }), { signalChannel });
await signalChannel.start();
process.stdout.write('waiting\n');
// Polling once a minute: only the signal channel can wake it within the test's time.
const resolved = await manager.waitForResolution(actionId, { timeoutSeconds: 30, pollIntervalMs: 60_000 });
process.stdout.write(
  `${JSON.stringify({ status: resolved.status, resolution: resolved.resolution, wokeAt: Date.now() })}\n`,
);
await signalChannel.stop();
client.disconnect();
