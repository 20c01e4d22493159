import { defineTool, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { aiSdkDriver } from './ai-sdk-driver';
import type { AiSdkDriverOptions } from './driver-options';
import { scriptedModel } from './scripted-model';

const model = scriptedModel([]);
const tool = defineTool({ name: 'a', description: 'A', inputSchema: z.object({}), execute: () => 1 });

function fieldOf(options: unknown): string | undefined {
  try {
    aiSdkDriver(options as AiSdkDriverOptions);
  } catch (error) {
    if (ValidationError.isInstance(error)) return error.field;
    throw error;
  }
  return undefined;
}

describe('aiSdkDriver options', () => {
  it('exposes the model info, degraded model and tools', () => {
    const driver = aiSdkDriver({
      model,
      degradedModel: scriptedModel([], { modelId: 'mini' }),
      tools: [tool],
    });
    expect(driver.model).toEqual({ provider: 'scripted', modelId: 'scripted-model' });
    expect(driver.degradedModel).toEqual({ provider: 'scripted', modelId: 'mini' });
    expect(driver.tools).toEqual([tool]);
    expect(aiSdkDriver({ model }).degradedModel).toBeUndefined();
  });

  it.each([
    [{}, 'options.model'],
    [{ model: 'openai/gpt-5' }, 'options.model'],
    [{ model, degradedModel: {} }, 'options.degradedModel'],
    [{ model, tools: [{ ...tool, name: 'bad name' }] }, 'options.tools.0.name'],
    [{ model, tools: [{ ...tool, inputSchema: {} }] }, 'options.tools.0.inputSchema'],
    [{ model, tools: [tool, tool] }, 'options.tools'],
    [{ model, instructions: 3 }, 'options.instructions'],
    [{ model, stopWhen: 'never' }, 'options.stopWhen'],
    [{ model, maxSteps: 0 }, 'options.maxSteps'],
    [{ model, middleware: 'fast' }, 'options.middleware'],
    [{ model, timeoutMs: -1 }, 'options.timeoutMs'],
    [{ model, maxRetries: 1.5 }, 'options.maxRetries'],
    [{ model, retryDelayMs: -5 }, 'options.retryDelayMs'],
    [{ model, providerOptions: { openai: 1 } }, 'options.providerOptions.openai'],
    [{ model, clock: {} }, 'options.clock'],
    [{ model, temperature: 1 }, 'options'],
  ])('rejects %j with a ValidationError naming %s', (options, field) => {
    expect(fieldOf(options)).toBe(field);
  });

  it('does not call the model while validating', () => {
    fieldOf({ model, maxSteps: 0 });
    expect(model.doStreamCalls).toHaveLength(0);
  });
});
