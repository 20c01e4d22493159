import type { DriverModel } from '@agent-runtime/ai-sdk';
import { type ScriptedStep, scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { createOpenAI } from '@ai-sdk/openai';

/** Where the quick start's models come from: a real OpenAI-compatible server, or scripted offline models. */
export interface ModelSource {
  /** The line the quick start prints first. */
  readonly banner: string;
  /** The model for one example; `script` is what the offline model answers instead. */
  model(script: readonly ScriptedStep[]): DriverModel;
}

export function modelSource(env: Record<string, string | undefined>): ModelSource {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) {
    return {
      banner: 'Offline: no OPENAI_API_KEY, so a scripted model answers (set OPENAI_API_KEY for a real one).',
      model: (script) =>
        scriptedModel(script, { provider: 'openai', modelId: 'gpt-5-nano', chunkDelayMs: 5 }),
    };
  }
  const baseURL = env.OPENAI_BASE_URL;
  const modelId = env.OPENAI_MODEL ?? 'gpt-5-nano';
  const provider = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
  return {
    banner: `Model: ${modelId} at ${baseURL ?? 'api.openai.com'}.`,
    // Other OpenAI-compatible servers (Ollama, vLLM, llama.cpp) speak Chat Completions, not the Responses API.
    model: () => (baseURL ? provider.chat(modelId) : provider(modelId)),
  };
}
