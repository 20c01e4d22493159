import type { ModelMessage } from 'ai';
import { convertToLanguageModelPrompt, standardizePrompt } from 'ai/internal';
import type { LanguageModelV4, ModelCallOptions } from './language-model-v4';

/** The step's instructions and messages as the provider prompt, converted as `streamText` converts them. */
export async function modelPrompt(
  model: LanguageModelV4,
  instructions: string | undefined,
  messages: ModelMessage[],
  signal: AbortSignal,
): Promise<ModelCallOptions['prompt']> {
  const prompt = await standardizePrompt({
    ...(instructions === undefined ? {} : { instructions }),
    messages,
  });
  return convertToLanguageModelPrompt({
    prompt,
    supportedUrls: await model.supportedUrls,
    download: undefined,
    abortSignal: signal,
    provider: model.provider.split('.')[0],
  });
}
