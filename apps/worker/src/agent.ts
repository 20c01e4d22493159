import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { type AgentDriver, oneStepDriver } from '@agent-runtime/kernel';
import { createOpenAI } from '@ai-sdk/openai';

/** OPENAI_API_KEY (with OPENAI_BASE_URL and OPENAI_MODEL) → that model through the AI SDK; else offline. */
export function agentFor(env: Record<string, string | undefined>): { agent: AgentDriver; banner: string } {
  const apiKey = env.OPENAI_API_KEY;
  if (!apiKey) {
    const agent = oneStepDriver((prompt) => `Done: ${prompt}`, { provider: 'offline', modelId: 'echo' });
    return { agent, banner: 'Agent: offline echo (set OPENAI_API_KEY for a model).' };
  }
  const baseURL = env.OPENAI_BASE_URL;
  const modelId = env.OPENAI_MODEL ?? 'gpt-5-nano';
  const provider = createOpenAI({ apiKey, ...(baseURL ? { baseURL } : {}) });
  // other OpenAI-compatible servers (Ollama, vLLM, llama.cpp) speak Chat Completions, not the Responses API
  const model = baseURL ? provider.chat(modelId) : provider(modelId);
  return { agent: aiSdkDriver({ model }), banner: `Agent: ${modelId} at ${baseURL ?? 'api.openai.com'}.` };
}
