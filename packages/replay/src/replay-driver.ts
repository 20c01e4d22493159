import {
  type AgentDriver,
  type AgentRunRequest,
  type AgentState,
  type AgentStreamPart,
  type AgentToolCall,
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

  /**
   * Plays each recorded step the way the AI SDK driver streams one: deltas and tool calls, then
   * `step-finish` (with the calls pending), then each tool call through the kernel's gate and its result.
   */
  async *run(request: AgentRunRequest): AsyncGenerator<AgentStreamPart> {
    let state: AgentState = { step: 0, messages: [], usage: ZERO_USAGE };
    for (const response of this.responses) {
      const { step } = response;
      await request.beforeStep?.({ step, state });
      request.signal.throwIfAborted();
      const model = { provider: response.provider, modelId: response.model };
      yield { type: 'step-start', step, model };
      for (const delta of response.reasoningDeltas) yield { type: 'reasoning-delta', step, delta };
      for (const delta of response.textDeltas) yield { type: 'text-delta', step, delta };
      for (const call of response.toolCalls) yield { type: 'tool-call', step, ...call };
      state = {
        step,
        messages: [],
        usage: addUsage(state.usage, response.usage),
        pendingToolCalls: response.toolCalls,
      };
      yield this.stepFinish(response, state);
      for (const call of response.toolCalls) yield await this.runTool(request, step, call);
      state = { step, messages: [], usage: state.usage };
    }
    const last = this.responses.at(-1);
    yield { type: 'finish', text: last?.text ?? '', usage: state.usage, steps: this.responses.length, state };
  }

  private stepFinish(response: ModelResponse, state: AgentState): AgentStreamPart {
    return {
      type: 'step-finish',
      step: response.step,
      model: { provider: response.provider, modelId: response.model },
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

  private async runTool(
    request: AgentRunRequest,
    step: number,
    call: AgentToolCall,
  ): Promise<AgentStreamPart> {
    const outcome = await request.executeTool(call, request.signal);
    const output = outcome.type === 'result' ? outcome.output : outcome.error;
    return {
      type: 'tool-result',
      step,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output,
      isError: outcome.type === 'error',
    };
  }
}
