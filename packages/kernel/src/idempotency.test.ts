import { describe, expect, it } from 'vitest';
import { scriptedKernel } from './test-helpers';

const request = { prompt: 'Hello', scopeId: 'tenant-1', idempotencyKey: 'req-1' };

describe('idempotency', () => {
  it('same (scopeId, idempotencyKey) after the job ended → same job and result, one model call', async () => {
    const { kernel, model } = scriptedKernel([{ text: 'Hi there' }]);
    const handle = await kernel.execute(request);
    const first = await handle.result();
    const again = await kernel.execute(request);
    expect(again.jobId).toBe(first.jobId);
    expect(await again.result()).toEqual(first);
    const events = [];
    for await (const event of again.events()) events.push(event);
    const original = [];
    for await (const event of handle.events()) original.push(event);
    expect(events.map((e) => e.type).at(-1)).toBe('final.result');
    expect(events.map((e) => e.toJSON())).toEqual(original.map((e) => e.toJSON()));
    expect(model.doStreamCalls).toHaveLength(1);
  });

  it('concurrent duplicates share one job, one model call and its full event stream', async () => {
    const { kernel, model } = scriptedKernel([{ text: 'Hi there' }], { chunkDelayMs: 2 });
    const handles = await Promise.all([
      kernel.execute(request),
      kernel.execute(request),
      kernel.execute(request),
    ]);
    expect(new Set(handles.map((h) => h.jobId)).size).toBe(1);
    const results = await Promise.all(handles.map((h) => h.result()));
    expect(results[1]).toEqual(results[0]);
    expect(results[0]?.content).toBe('Hi there');
    expect(model.doStreamCalls).toHaveLength(1);
    expect(await kernel.jobs.list()).toHaveLength(1);
  });

  it('the same key in another scope, or no key, is another job', async () => {
    const { kernel, model } = scriptedKernel([{ text: 'a' }, { text: 'b' }, { text: 'c' }]);
    const a = await (await kernel.execute(request)).result();
    const b = await (await kernel.execute({ ...request, scopeId: 'tenant-2' })).result();
    const c = await (await kernel.execute({ prompt: 'Hello', scopeId: 'tenant-1' })).result();
    expect(new Set([a.jobId, b.jobId, c.jobId]).size).toBe(3);
    expect(model.doStreamCalls).toHaveLength(3);
  });
});
