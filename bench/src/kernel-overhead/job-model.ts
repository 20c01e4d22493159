import { simulateReadableStream } from 'ai';
import { MockLanguageModelV4 } from 'ai/test';
import { REPLY_DELTAS, TOOL_INPUT, TOOL_NAME, USAGE } from './workload';

type DoStream = MockLanguageModelV4['doStream'];
type CallOptions = Parameters<DoStream>[0];
type StreamPart = Awaited<ReturnType<DoStream>>['stream'] extends ReadableStream<infer P> ? P : never;

/**
 * The AI SDK `MockLanguageModelV4` every AI SDK row runs on. It is stateless, so any number of jobs can share
 * it: a prompt without a tool result gets a `get_weather` call, one with a tool result gets the 50-token reply.
 * It forgets recorded calls (`doStreamCalls`) so 100k jobs do not grow its memory; `calls` counts them.
 */
export function jobModel(): MockLanguageModelV4 & { calls: number } {
  const model = new MockLanguageModelV4({
    provider: 'bench',
    modelId: 'bench-model',
    doStream: async (options) => {
      model.doStreamCalls.length = 0;
      model.calls++;
      return {
        stream: simulateReadableStream({
          chunks: partsFor(options),
          initialDelayInMs: null,
          chunkDelayInMs: null,
        }),
      };
    },
  }) as MockLanguageModelV4 & { calls: number };
  model.calls = 0;
  return model;
}

function partsFor(options: CallOptions): StreamPart[] {
  const answered = options.prompt.some((message) => message.role === 'tool');
  const body: StreamPart[] = answered
    ? [
        { type: 'text-start', id: 'reply' },
        ...REPLY_DELTAS.map((delta): StreamPart => ({ type: 'text-delta', id: 'reply', delta })),
        { type: 'text-end', id: 'reply' },
      ]
    : [
        {
          type: 'tool-call',
          toolCallId: `call-${Math.random().toString(36).slice(2)}`,
          toolName: TOOL_NAME,
          input: JSON.stringify(TOOL_INPUT),
        },
      ];
  const finish = answered ? 'stop' : 'tool-calls';
  return [
    { type: 'stream-start', warnings: [] },
    ...body,
    {
      type: 'finish',
      finishReason: { unified: finish, raw: finish },
      usage: {
        inputTokens: {
          total: USAGE.inputTokens,
          noCache: USAGE.inputTokens,
          cacheRead: undefined,
          cacheWrite: undefined,
        },
        outputTokens: { total: USAGE.outputTokens, text: USAGE.outputTokens, reasoning: undefined },
      },
    },
  ];
}
