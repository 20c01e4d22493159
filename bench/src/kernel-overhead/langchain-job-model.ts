import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { REPLY, REPLY_DELTAS, TOOL_INPUT, TOOL_NAME, USAGE } from './workload';

const usageMetadata = {
  input_tokens: USAGE.inputTokens,
  output_tokens: USAGE.outputTokens,
  total_tokens: USAGE.inputTokens + USAGE.outputTokens,
};

/**
 * A LangChain chat model that streams what `jobModel()` streams (LangChain cannot take an AI SDK model): a
 * `get_weather` tool call while no tool result is in the messages, else the 50-token reply, one chunk per word.
 */
export class LangChainJobModel extends BaseChatModel {
  _llmType(): string {
    return 'bench-job-model';
  }

  /** The tool is fixed by the script, so binding tools changes nothing. */
  override bindTools(): this {
    return this;
  }

  async _generate(messages: BaseMessage[]): Promise<ChatResult> {
    const message = answered(messages)
      ? new AIMessage({ content: REPLY, usage_metadata: usageMetadata })
      : new AIMessage({ content: '', tool_calls: [toolCall()], usage_metadata: usageMetadata });
    return { generations: [{ message, text: typeof message.content === 'string' ? message.content : '' }] };
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    _options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    if (!answered(messages)) {
      const { name, args, id } = toolCall();
      const message = new AIMessageChunk({
        content: '',
        tool_call_chunks: [{ name, args: JSON.stringify(args), id, index: 0, type: 'tool_call_chunk' }],
        usage_metadata: usageMetadata,
      });
      yield new ChatGenerationChunk({ message, text: '' });
      return;
    }
    for (const [i, delta] of REPLY_DELTAS.entries()) {
      const last = i === REPLY_DELTAS.length - 1;
      const message = new AIMessageChunk({
        content: delta,
        ...(last ? { usage_metadata: usageMetadata } : {}),
      });
      yield new ChatGenerationChunk({ message, text: delta });
      await runManager?.handleLLMNewToken(delta);
    }
  }
}

function answered(messages: BaseMessage[]): boolean {
  return messages.some((message) => message.getType() === 'tool');
}

function toolCall() {
  return {
    name: TOOL_NAME,
    args: { ...TOOL_INPUT } as Record<string, unknown>,
    id: `call-${Math.random().toString(36).slice(2)}`,
    type: 'tool_call' as const,
  };
}
