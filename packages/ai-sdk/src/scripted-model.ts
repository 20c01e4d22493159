import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';

type DoStream = MockLanguageModelV4['doStream'];
type StreamResult = Awaited<ReturnType<DoStream>>;
type ModelStreamPart = StreamResult['stream'] extends ReadableStream<infer P> ? P : never;

const DEFAULT_USAGE = { inputTokens: 10, outputTokens: 5 };

/** One model call of a scripted conversation. */
export interface ScriptedStep {
  /** Streamed as word-sized deltas. */
  text?: string;
  reasoning?: string;
  toolCalls?: { toolName: string; input: unknown; toolCallId?: string }[];
  usage?: { inputTokens: number; outputTokens: number };
  /** Defaults to `tool-calls` when the step calls tools, else `stop`. */
  finishReason?: 'stop' | 'length' | 'content-filter' | 'tool-calls' | 'error' | 'other';
  /** The model call fails with this error (thrown by `doStream`, before any output). */
  error?: Error;
}

export interface ScriptedModelOptions {
  provider?: string;
  modelId?: string;
  /** Delay between stream chunks; 0 (default) emits without timers. */
  chunkDelayMs?: number;
  /**
   * Honour the call's `maxOutputTokens` as a provider does: a step's output tokens are
   * min(scripted, cap), finishing with `length` when capped. Default false: the scripted usage is
   * reported whatever the cap (a provider that ignores it).
   * @default false
   */
  honourMaxOutputTokens?: boolean;
}

/**
 * An AI SDK `MockLanguageModelV4` that plays one scripted step per model call (`doStream`), recording every
 * call in `model.doStreamCalls`. A call beyond the script fails, so a test notices an unexpected model call.
 */
export function scriptedModel(
  steps: readonly ScriptedStep[],
  options: ScriptedModelOptions = {},
): MockLanguageModelV4 {
  let callIndex = 0;
  const doStream: DoStream = async (call) => {
    const index = callIndex++;
    const scripted = steps[index];
    if (scripted === undefined)
      throw new Error(`scriptedModel: no scripted step for model call ${index + 1}`);
    if (scripted.error) throw scripted.error;
    const step = options.honourMaxOutputTokens ? capped(scripted, call.maxOutputTokens) : scripted;
    return {
      stream: simulateReadableStream({
        chunks: streamParts(step, index),
        initialDelayInMs: options.chunkDelayMs ? options.chunkDelayMs : null,
        chunkDelayInMs: options.chunkDelayMs ? options.chunkDelayMs : null,
      }),
    };
  };
  return new MockLanguageModelV4({
    provider: options.provider ?? 'scripted',
    modelId: options.modelId ?? 'scripted-model',
    doStream,
  });
}

function capped(step: ScriptedStep, maxOutputTokens: number | undefined): ScriptedStep {
  const usage = step.usage ?? DEFAULT_USAGE;
  if (maxOutputTokens === undefined || usage.outputTokens <= maxOutputTokens) return step;
  return { ...step, usage: { ...usage, outputTokens: maxOutputTokens }, finishReason: 'length' };
}

function streamParts(step: ScriptedStep, index: number): ModelStreamPart[] {
  const parts: ModelStreamPart[] = [{ type: 'stream-start', warnings: [] }];
  if (step.reasoning !== undefined) parts.push(...deltas('reasoning', `r${index}`, step.reasoning));
  if (step.text !== undefined) parts.push(...deltas('text', `t${index}`, step.text));
  for (const [i, call] of (step.toolCalls ?? []).entries()) {
    parts.push({
      type: 'tool-call',
      toolCallId: call.toolCallId ?? `call-${index + 1}-${i + 1}`,
      toolName: call.toolName,
      input: JSON.stringify(call.input ?? {}),
    });
  }
  const usage = step.usage ?? DEFAULT_USAGE;
  const finishReason = step.finishReason ?? (step.toolCalls?.length ? 'tool-calls' : 'stop');
  parts.push({
    type: 'finish',
    finishReason: { unified: finishReason, raw: finishReason },
    usage: {
      inputTokens: {
        total: usage.inputTokens,
        noCache: usage.inputTokens,
        cacheRead: undefined,
        cacheWrite: undefined,
      },
      outputTokens: { total: usage.outputTokens, text: usage.outputTokens, reasoning: undefined },
    },
  });
  return parts;
}

function deltas(kind: 'text' | 'reasoning', id: string, content: string): ModelStreamPart[] {
  const words = content.match(/\S+\s*|\s+/g) ?? [];
  return [
    { type: `${kind}-start`, id },
    ...words.map((delta) => ({ type: `${kind}-delta` as const, id, delta })),
    { type: `${kind}-end`, id },
  ] as ModelStreamPart[];
}
