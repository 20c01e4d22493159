import type { AgentDriver } from '@agent-runtime/core';
import { aiSdkDriver } from './ai-sdk-driver';
import type { AiSdkDriverOptions } from './driver-options';
import { type ScriptedModelOptions, type ScriptedStep, scriptedModel } from './scripted-model';

/** `aiSdkDriver({ model: scriptedModel(steps), ...driverOptions })`: a real driver over a scripted mock model. */
export function scriptedDriver(
  steps: readonly ScriptedStep[],
  driverOptions: Omit<AiSdkDriverOptions, 'model'> & { modelOptions?: ScriptedModelOptions } = {},
): AgentDriver {
  const { modelOptions, ...options } = driverOptions;
  return aiSdkDriver({ ...options, model: scriptedModel(steps, modelOptions) });
}
