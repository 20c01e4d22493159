import type { AgentRunRequest, AgentStreamPart, AgentToolCall, TokenUsage } from '@agent-runtime/core';
import { type ModelMessage, type StepResult, streamText, type ToolSet } from 'ai';
import { providerCost } from './provider-cost';
import { requestHeaders } from './request-headers';
import type { DriverConfig, DriverModelSlot } from './run-agent';
import { toTokenUsage } from './to-token-usage';
import { abortReason } from './with-abort';

export interface ModelStepInput {
  readonly config: DriverConfig;
  readonly slot: DriverModelSlot;
  readonly tools: ToolSet;
  readonly request: AgentRunRequest;
  readonly step: number;
  readonly messages: readonly ModelMessage[];
}

export interface ModelStepOutcome {
  readonly text: string;
  readonly reasoning: string;
  readonly toolCalls: AgentToolCall[];
  readonly finishReason: string;
  readonly usage: TokenUsage;
  readonly providerCost?: string;
  /** The step's assistant message(s), without the error results the AI SDK adds for calls it finds invalid. */
  readonly messages: ModelMessage[];
  readonly stepResult: StepResult<ToolSet>;
}

/**
 * One model call through `streamText` (a single step: its tools have no `execute`), yielding text and
 * reasoning deltas and tool calls as they stream. Throws the model's error, or the abort reason.
 */
export async function* streamModelStep(
  input: ModelStepInput,
): AsyncGenerator<AgentStreamPart, ModelStepOutcome> {
  const { config, slot, tools, request, step } = input;
  let stepResult: StepResult<ToolSet> | undefined;
  const result = streamText({
    model: slot.model,
    ...(config.instructions !== undefined ? { instructions: config.instructions } : {}),
    messages: [...input.messages],
    tools,
    abortSignal: request.signal,
    headers: requestHeaders(request.context),
    maxRetries: 0,
    ...(config.providerOptions ? { providerOptions: config.providerOptions as never } : {}),
    onStepFinish: (finished) => {
      stepResult = finished as unknown as StepResult<ToolSet>;
    },
    onError: () => {},
  });
  let text = '';
  let reasoning = '';
  const toolCalls: AgentToolCall[] = [];
  for await (const part of result.fullStream) {
    switch (part.type) {
      case 'text-delta':
        text += part.text;
        yield { type: 'text-delta', step, delta: part.text };
        break;
      case 'reasoning-delta':
        reasoning += part.text;
        yield { type: 'reasoning-delta', step, delta: part.text };
        break;
      case 'tool-call': {
        const call = { toolCallId: part.toolCallId, toolName: part.toolName, input: part.input };
        toolCalls.push(call);
        yield { type: 'tool-call', step, ...call };
        break;
      }
      case 'error':
        throw request.signal.aborted ? abortReason(request.signal) : part.error;
      case 'abort':
        throw abortReason(request.signal);
    }
  }
  if (request.signal.aborted) throw abortReason(request.signal);
  if (!stepResult) throw new Error('the AI SDK finished a step without reporting it');
  return {
    text,
    reasoning,
    toolCalls,
    finishReason: stepResult.finishReason,
    usage: toTokenUsage(stepResult.usage),
    ...withProviderCost(stepResult),
    // Every call, valid or not, gets its one result from the kernel's gate.
    messages: stepResult.response.messages.filter((message) => message.role !== 'tool'),
    stepResult,
  };
}

function withProviderCost(stepResult: StepResult<ToolSet>): { providerCost?: string } {
  const cost = providerCost(stepResult.providerMetadata);
  return cost === undefined ? {} : { providerCost: cost };
}
