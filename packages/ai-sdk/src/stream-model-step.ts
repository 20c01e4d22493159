import type { AgentRunRequest, AgentStreamPart, AgentToolCall, TokenUsage } from '@agent-runtime/core';
import { type ModelMessage, type StepResult, streamText, type ToolSet } from 'ai';
import type { DriverConfig, DriverModelSlot } from './driver-config';
import { providerCost } from './provider-cost';
import { requestHeaders } from './request-headers';
import { toTokenUsage } from './to-token-usage';
import { abortReason } from './with-abort';

export interface ModelStepInput {
  readonly config: DriverConfig;
  readonly slot: DriverModelSlot;
  readonly tools: ToolSet;
  readonly request: AgentRunRequest;
  readonly step: number;
  readonly messages: readonly ModelMessage[];
  /** The kernel's cap on this step's output (StepPlan.maxOutputTokens). */
  readonly maxOutputTokens?: number;
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
 * reasoning deltas and tool calls as they stream. Throws the model's error, or the abort reason. When the
 * step ends early (the consumer stopped iterating, an error), the provider call is aborted too.
 */
export async function* streamModelStep(
  input: ModelStepInput,
): AsyncGenerator<AgentStreamPart, ModelStepOutcome> {
  const { request, step } = input;
  const stepEnded = new AbortController();
  const signal = AbortSignal.any([request.signal, stepEnded.signal]);
  let stepResult: StepResult<ToolSet> | undefined;
  let completed = false;
  const result = streamText({
    model: input.slot.model,
    ...(input.config.instructions !== undefined ? { instructions: input.config.instructions } : {}),
    messages: [...input.messages],
    tools: input.tools,
    abortSignal: signal,
    headers: requestHeaders(request.context),
    maxRetries: 0,
    ...(input.maxOutputTokens === undefined ? {} : { maxOutputTokens: input.maxOutputTokens }),
    ...(input.config.providerOptions ? { providerOptions: input.config.providerOptions as never } : {}),
    onStepFinish: (finished) => {
      stepResult = finished as unknown as StepResult<ToolSet>;
    },
    onError: () => {},
  });
  try {
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
    completed = true;
    return outcomeOf(stepResult, text, reasoning, toolCalls);
  } finally {
    if (!completed) stepEnded.abort(new Error('the model step ended early'));
  }
}

function outcomeOf(
  stepResult: StepResult<ToolSet>,
  text: string,
  reasoning: string,
  toolCalls: AgentToolCall[],
): ModelStepOutcome {
  const cost = providerCost(stepResult.providerMetadata);
  return {
    text,
    reasoning,
    toolCalls,
    finishReason: stepResult.finishReason,
    usage: toTokenUsage(stepResult.usage),
    ...(cost === undefined ? {} : { providerCost: cost }),
    // Every call, valid or not, gets its one result from the kernel's gate.
    messages: stepResult.response.messages.filter((message) => message.role !== 'tool'),
    stepResult,
  };
}
