import type { StepInfo } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { aiSdkDriver } from './ai-sdk-driver';
import { collect, partsOfType, runRequest } from './run-request.fixture';
import { scriptedModel } from './scripted-model';

describe("the kernel's StepPlan.maxOutputTokens", () => {
  it('is passed to each model call, and beforeStep sees the instructions and messages the step sends', async () => {
    const model = scriptedModel(
      [
        { toolCalls: [{ toolName: 'nope', input: {} }], usage: { inputTokens: 5, outputTokens: 50 } },
        { text: 'done', usage: { inputTokens: 5, outputTokens: 50 } },
      ],
      { honourMaxOutputTokens: true },
    );
    const seen: StepInfo[] = [];
    const caps = [40, 7];
    const request = runRequest({
      beforeStep: async (info) => {
        seen.push(info);
        return { maxOutputTokens: caps[info.step - 1] };
      },
    });
    const parts = await collect(aiSdkDriver({ model, instructions: 'Be brief.' }).run(request));
    expect(model.doStreamCalls.map((call) => call.maxOutputTokens)).toEqual([40, 7]);
    expect(partsOfType(parts, 'step-finish').map((part) => part.usage.outputTokens)).toEqual([40, 7]);
    expect(partsOfType(parts, 'step-finish').map((part) => part.finishReason)).toEqual(['length', 'length']);
    expect(seen.map((info) => info.instructions)).toEqual(['Be brief.', 'Be brief.']);
    expect(seen[0]?.state.messages).toEqual([{ role: 'user', content: 'hello' }]);
    expect(seen[1]?.state.messages).toHaveLength(3);
  });

  it('without a cap the call has no maxOutputTokens, and the scripted model reports its own usage', async () => {
    const model = scriptedModel([{ text: 'x', usage: { inputTokens: 1, outputTokens: 99 } }], {
      honourMaxOutputTokens: true,
    });
    const parts = await collect(aiSdkDriver({ model }).run(runRequest()));
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBeUndefined();
    expect(partsOfType(parts, 'step-finish')[0]?.usage.outputTokens).toBe(99);
  });

  it('a scripted model that does not honour the cap reports the scripted usage (a provider ignoring it)', async () => {
    const model = scriptedModel([{ text: 'x', usage: { inputTokens: 1, outputTokens: 99 } }]);
    const request = runRequest({ beforeStep: async () => ({ maxOutputTokens: 3 }) });
    const parts = await collect(aiSdkDriver({ model }).run(request));
    expect(model.doStreamCalls[0]?.maxOutputTokens).toBe(3);
    expect(partsOfType(parts, 'step-finish')[0]?.usage.outputTokens).toBe(99);
  });
});
