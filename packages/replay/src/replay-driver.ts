import {
  type AgentDriver,
  type AgentRunRequest,
  type AgentState,
  type AgentStreamPart,
  addUsage,
  type ModelInfo,
  ZERO_USAGE,
} from '@agent-runtime/core';
import type { ModelResponse } from './model-response';

/**
 * An AgentDriver that serves recorded model responses instead of calling a model: no network, no model cost.
 * The agent logic around it runs for real: every recorded tool call goes through the kernel's gate and the
 * current tool code, so changed tools show up as a divergence.
 */
export class ReplayDriver implements AgentDriver {
  readonly model: ModelInfo;

  constructor(private readonly responses: readonly ModelResponse[]) {
    const first = responses[0];
    this.model = { provider: first?.provider ?? 'replay', modelId: first?.model ?? 'recorded' };
  }

  async *run(request: AgentRunRequest): AsyncGenerator<AgentStreamPart> {
    let state: AgentState = { step: 0, messages: [], usage: ZERO_USAGE };
    let text = '';
    for (const [step, response] of this.responses.entries()) {
      await request.beforeStep?.({ step, state });
      request.signal.throwIfAborted();
      const model = { provider: response.provider, modelId: response.model };
      yield { type: 'step-start', step, model };
      for (const delta of response.reasoningDeltas) yield { type: 'reasoning-delta', step, delta };
      for (const delta of response.textDeltas) yield { type: 'text-delta', step, delta };
      for (const call of response.toolCalls) {
        yield { type: 'tool-call', step, ...call };
        const outcome = await request.executeTool(call, request.signal);
        const output = outcome.type === 'result' ? outcome.output : outcome.error;
        yield {
          type: 'tool-result',
          step,
          toolCallId: call.toolCallId,
          toolName: call.toolName,
          output,
          isError: outcome.type === 'error',
        };
      }
      state = { step: step + 1, messages: [], usage: addUsage(state.usage, response.usage) };
      text = response.text;
      yield {
        type: 'step-finish',
        step,
        model,
        text: response.text,
        ...(response.reasoning !== undefined && { reasoning: response.reasoning }),
        toolCalls: response.toolCalls,
        finishReason: response.finishReason,
        usage: response.usage,
        ...(response.cost !== undefined && { providerCost: response.cost }),
        durationMs: 0,
        state,
      };
    }
    yield { type: 'finish', text, usage: state.usage, steps: this.responses.length, state };
  }
}
