import { streamText } from 'ai';
import { describe, expect, it } from 'vitest';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedDriver } from './scripted-driver';
import { scriptedModel } from './scripted-model';

describe('scriptedModel', () => {
  it('plays one step per model call, as word deltas, and records the calls', async () => {
    const model = scriptedModel([{ text: 'one two' }, { text: 'three' }], { provider: 'p', modelId: 'm' });
    expect([model.provider, model.modelId]).toEqual(['p', 'm']);
    const first = streamText({ model, prompt: 'a' });
    const deltas: string[] = [];
    for await (const delta of first.textStream) deltas.push(delta);
    expect(deltas).toEqual(['one ', 'two']);
    expect(await streamText({ model, prompt: 'b' }).text).toBe('three');
    expect(model.doStreamCalls).toHaveLength(2);
    expect(model.doStreamCalls[1]?.prompt).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'b' }] },
    ]);
  });

  it('reports the scripted usage and finish reason, with defaults', async () => {
    const model = scriptedModel([
      { text: 'cut', usage: { inputTokens: 3, outputTokens: 1 }, finishReason: 'length' },
      { text: 'x' },
    ]);
    const first = streamText({ model, prompt: 'a' });
    expect(await first.finishReason).toBe('length');
    expect((await first.usage).inputTokens).toBe(3);
    const second = streamText({ model, prompt: 'a' });
    expect(await second.finishReason).toBe('stop');
    expect((await second.usage).totalTokens).toBe(15);
  });

  it('waits chunkDelayMs between chunks', async () => {
    const model = scriptedModel([{ text: 'a b c d' }], { chunkDelayMs: 15 });
    const startedAt = performance.now();
    await streamText({ model, prompt: 'a' }).text;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(60);
  });
});

describe('scriptedDriver', () => {
  it('is aiSdkDriver over a scripted model, with driver options', async () => {
    const driver = scriptedDriver([{ text: 'hi there' }], {
      instructions: 'Be kind.',
      modelOptions: { modelId: 'x' },
    });
    expect(driver.model).toEqual({ provider: 'scripted', modelId: 'x' });
    const parts = await collect(driver.run(runRequest()));
    expect(partsOfType(parts, 'finish')[0]?.text).toBe('hi there');
  });
});
