import type { resolveLanguageModel } from 'ai/internal';

/** The AI SDK provider-level model every driver call goes to (`resolveLanguageModel` adapts V2/V3 models). */
export type LanguageModelV4 = ReturnType<typeof resolveLanguageModel>;
export type ModelCallOptions = Parameters<LanguageModelV4['doStream']>[0];
export type ModelStreamResult = Awaited<ReturnType<LanguageModelV4['doStream']>>;
export type ModelStreamPart = ModelStreamResult['stream'] extends ReadableStream<infer P> ? P : never;
