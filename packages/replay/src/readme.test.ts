// The README's examples, verbatim between the `// README` markers.
import { readFileSync } from 'node:fs';
import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { defineTool } from '@agent-runtime/core';
import { InMemoryEventBus } from '@agent-runtime/events';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { ReplayMode, ReplayPlayer, ReplayRecorder, RunMetadata } from './index';

it('README: prompt-only input, versions', async () => {
  // README: versions
  const tools = [
    defineTool({
      name: 'lookup_order',
      description: 'Looks an order up',
      inputSchema: z.object({ orderId: z.string() }),
      execute: ({ orderId }) => ({ orderId, status: 'shipped' }),
    }),
  ];
  const agent = scriptedDriver([
    { toolCalls: [{ toolName: 'lookup_order', input: { orderId: 'o-1' } }] },
    { text: 'Your order has shipped.' },
  ]);
  const kernel = RuntimeKernel.create({ agent, tools });
  const recorder = new ReplayRecorder(
    kernel.events,
    RunMetadata.create({ runtimeVersion: '1.0.0', toolVersions: { lookup_order: '1.0.0' } }),
  );
  await recorder.start({ initialInput: { prompt: 'Hello' } });
  await (await kernel.execute({ prompt: 'Hello', scopeId: 'tenant-123', principalId: 'user-456' })).result();
  const recording = await recorder.stop();

  const player = new ReplayPlayer(recording, new InMemoryEventBus(), {
    runtime: (agent) => RuntimeKernel.create({ agent, tools }),
    versions: { runtimeVersion: '1.1.0', toolVersions: { lookup_order: '1.0.0' } },
  });
  const result = await player.replay({ mode: ReplayMode.DETERMINISTIC });
  // result.matchRate === 1; result.versionChanges: [{ name: 'runtimeVersion', recorded: '1.0.0', current: '1.1.0' }]
  // README: end
  await kernel.shutdown();
  expect(result.divergence).toBeUndefined();
  expect(result.matchRate).toBe(1);
  expect(result.totalEvents).toBeGreaterThan(5);
  expect(result.versionChanges).toEqual([{ name: 'runtimeVersion', recorded: '1.0.0', current: '1.1.0' }]);
});

it('README shows exactly the code these tests run', () => {
  const source = readFileSync(new URL('./readme.test.ts', import.meta.url), 'utf8');
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const blocks = [...source.matchAll(/\/\/ README: ([\w-]+)\n([\s\S]*?)\n\s*\/\/ README: end/g)];
  expect(blocks).toHaveLength(1);
  for (const [, , code] of blocks) expect(readme).toContain(dedent(code!));
});

function dedent(code: string): string {
  const lines = code.split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
