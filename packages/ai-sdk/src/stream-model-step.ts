import type { AgentRunRequest, AgentStreamPart, AgentToolCall, TokenUsage } from '@agent-runtime/core';
import type { FinishReason, ModelMessage, ProviderMetadata, StepResult, ToolSet } from 'ai';
import {
  asLanguageModelUsage,
  DefaultStepResult,
  logWarnings,
  parseToolCall,
  prepareLanguageModelCallOptions,
  prepareToolChoice,
  prepareTools,
  toResponseMessages,
} from 'ai/internal';
import type { DriverConfig, DriverModelSlot } from './driver-config';
import type { ModelCallOptions, ModelStreamPart } from './language-model-v4';
import { modelPrompt } from './model-prompt';
import { providerCost } from './provider-cost';
import { requestHeaders } from './request-headers';
import { StepContent } from './step-content';
import { streamError } from './stream-error';
import { toTokenUsage } from './to-token-usage';
import { abortReason } from './with-abort';

export interface ModelStepInput {
  readonly config: DriverConfig;
  readonly slot: DriverModelSlot;
  readonly tools: ToolSet;
  readonly request: AgentRunRequest;
  readonly step: number;
  readonly messages: ModelMessage[];
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
  /** The step's assistant message (none when the model produced no content). */
  readonly messages: ModelMessage[];
  readonly stepResult: StepResult<ToolSet>;
}

type FinishPart = Extract<ModelStreamPart, { type: 'finish' }>;
type ResponseMetadata = Omit<Extract<ModelStreamPart, { type: 'response-metadata' }>, 'type'>;

/** What one model stream left behind, besides the parts already yielded. */
interface StreamState {
  readonly content: StepContent;
  text: string;
  reasoning: string;
  readonly toolCalls: AgentToolCall[];
  finish?: FinishPart;
  metadata: ResponseMetadata;
  warnings: Extract<ModelStreamPart, { type: 'stream-start' }>['warnings'];
}

/**
 * One model call at the provider level (`model.doStream` of the slot's model, its middleware applied), the
 * prompt, tools and tool calls converted and parsed as `streamText` does, yielding text and reasoning deltas
 * and tool calls as they stream. Throws the model's error, or the abort reason. When the step ends early (the
 * consumer stopped iterating, an error), the provider call is aborted and its stream cancelled.
 */
export async function* streamModelStep(
  input: ModelStepInput,
): AsyncGenerator<AgentStreamPart, ModelStepOutcome> {
  const { request, slot } = input;
  const startedAt = input.config.clock.now();
  // One controller per call, aborted by the request or by an early end; on abort it cancels the stream too.
  const call = new AbortController();
  const { signal } = call;
  let completed = false;
  let reader: ReadableStreamDefaultReader<ModelStreamPart> | undefined;
  const onRequestAbort = () => {
    const reason = abortReason(request.signal);
    call.abort(reason);
    reader?.cancel(reason).catch(() => {});
  };
  if (request.signal.aborted) onRequestAbort();
  else request.signal.addEventListener('abort', onRequestAbort, { once: true });
  try {
    const { stream, response } = await slot.model.doStream(await callOptions(input, signal));
    reader = stream.getReader();
    const state: StreamState = {
      content: new StepContent(),
      text: '',
      reasoning: '',
      toolCalls: [],
      metadata: {},
      warnings: [],
    };
    for (;;) {
      const next = await reader.read();
      if (request.signal.aborted) throw abortReason(request.signal);
      if (next.done) break;
      const part =
        next.value.type === 'tool-call'
          ? await onToolCall(next.value, state, input, signal)
          : onPart(next.value, state, input);
      if (part) yield part;
    }
    if (state.warnings.length > 0)
      logWarnings({ warnings: state.warnings, provider: slot.model.provider, model: slot.model.modelId });
    completed = true;
    return await outcomeOf(state, input, response?.headers, startedAt);
  } catch (error) {
    throw request.signal.aborted ? abortReason(request.signal) : error;
  } finally {
    request.signal.removeEventListener('abort', onRequestAbort);
    if (!completed) {
      call.abort(new Error('the model step ended early'));
      reader?.cancel().catch(() => {});
    }
  }
}

/**
 * Records one stream part other than a tool call; returns the agent part to yield for it, if any. Throws a
 * streamed error. Synchronous: a token delta costs no promise here.
 */
function onPart(
  part: ModelStreamPart,
  state: StreamState,
  input: ModelStepInput,
): AgentStreamPart | undefined {
  switch (part.type) {
    case 'text-start':
    case 'reasoning-start':
      state.content.appendText(kindOf(part.type), part.id, '', part.providerMetadata);
      return undefined;
    case 'text-end':
    case 'reasoning-end':
      state.content.close(kindOf(part.type), part.id, part.providerMetadata);
      return undefined;
    case 'text-delta':
      state.content.appendText('text', part.id, part.delta, part.providerMetadata);
      state.text += part.delta;
      return { type: 'text-delta', step: input.step, delta: part.delta };
    case 'reasoning-delta':
      state.content.appendText('reasoning', part.id, part.delta, part.providerMetadata);
      state.reasoning += part.delta;
      return { type: 'reasoning-delta', step: input.step, delta: part.delta };
    case 'stream-start':
      state.warnings = part.warnings;
      return undefined;
    case 'response-metadata': {
      const { type: _, ...metadata } = part;
      state.metadata = metadata;
      return undefined;
    }
    case 'finish':
      state.finish = part;
      return undefined;
    case 'error':
      throw streamError(part.error);
    default:
      return undefined;
  }
}

/** Parses a streamed tool call as `streamText` does and records it; returns its agent part. */
async function onToolCall(
  part: Extract<ModelStreamPart, { type: 'tool-call' }>,
  state: StreamState,
  input: ModelStepInput,
  signal: AbortSignal,
): Promise<AgentStreamPart> {
  const parsed = await parseToolCall({
    toolCall: part,
    tools: input.tools,
    repairToolCall: undefined,
    instructions: input.config.instructions,
    messages: input.messages,
    abortSignal: signal,
  });
  state.content.push(parsed);
  const call = { toolCallId: parsed.toolCallId, toolName: parsed.toolName, input: parsed.input };
  state.toolCalls.push(call);
  return { type: 'tool-call', step: input.step, ...call };
}

function kindOf(type: `${'text' | 'reasoning'}-${string}`): 'text' | 'reasoning' {
  return type.startsWith('text') ? 'text' : 'reasoning';
}

async function outcomeOf(
  state: StreamState,
  input: ModelStepInput,
  headers: Record<string, string> | undefined,
  startedAt: number,
): Promise<ModelStepOutcome> {
  const { finish } = state;
  const usage = finish ? asLanguageModelUsage(finish.usage) : undefined;
  const providerMetadata: ProviderMetadata | undefined = finish?.providerMetadata;
  const finishReason: FinishReason = finish?.finishReason.unified ?? 'other';
  const messages = (await toResponseMessages({ content: state.content.parts, tools: input.tools })).filter(
    (message) => message.role !== 'tool',
  );
  const cost = providerCost(providerMetadata);
  return {
    text: state.text,
    reasoning: state.reasoning,
    toolCalls: state.toolCalls,
    finishReason,
    usage: toTokenUsage(usage),
    ...(cost === undefined ? {} : { providerCost: cost }),
    messages,
    stepResult: stepResultOf(state, input, {
      finishReason,
      usage,
      providerMetadata,
      messages,
      headers,
      elapsedMs: Math.max(0, input.config.clock.now() - startedAt),
    }),
  };
}

/** The provider call's options, as `streamText` prepares them. */
async function callOptions(input: ModelStepInput, signal: AbortSignal): Promise<ModelCallOptions> {
  const { slot, config } = input;
  const settings = input.maxOutputTokens === undefined ? {} : { maxOutputTokens: input.maxOutputTokens };
  // a fresh object: the fields below go on it instead of onto a copy
  const options = prepareLanguageModelCallOptions(settings) as ModelCallOptions;
  options.prompt = await modelPrompt(slot.model, config.instructions, input.messages, signal);
  options.tools = await prepareTools({ tools: input.tools });
  options.toolChoice = prepareToolChoice({ toolChoice: undefined });
  options.abortSignal = signal;
  options.headers = requestHeaders(input.request.context);
  if (config.providerOptions) options.providerOptions = config.providerOptions as never;
  return options;
}

/** The AI SDK's own step result, for the driver's `stopWhen` conditions. */
function stepResultOf(
  state: StreamState,
  input: ModelStepInput,
  end: {
    finishReason: FinishReason;
    usage: ReturnType<typeof asLanguageModelUsage> | undefined;
    providerMetadata: ProviderMetadata | undefined;
    messages: ModelMessage[];
    headers: Record<string, string> | undefined;
    elapsedMs: number;
  },
): StepResult<ToolSet> {
  const model = input.slot.model;
  return new DefaultStepResult<ToolSet>({
    callId: `${input.request.context.traceparent}:${input.step}`,
    stepNumber: input.step - 1,
    provider: model.provider,
    modelId: model.modelId,
    runtimeContext: {},
    toolsContext: {},
    content: state.content.parts,
    finishReason: end.finishReason,
    rawFinishReason: state.finish?.finishReason.raw,
    usage: end.usage ?? asLanguageModelUsage(EMPTY_USAGE),
    performance: performanceOf(end.usage, end.elapsedMs),
    warnings: state.warnings,
    request: {},
    response: {
      id: state.metadata.id ?? '',
      timestamp: state.metadata.timestamp ?? new Date(0),
      modelId: state.metadata.modelId ?? model.modelId,
      messages: end.messages as never,
      ...(end.headers ? { headers: end.headers } : {}),
    },
    providerMetadata: end.providerMetadata,
  });
}

/** Throughput over the whole call (the driver does not time the first chunk apart). */
function performanceOf(
  usage: ReturnType<typeof asLanguageModelUsage> | undefined,
  elapsedMs: number,
): StepResult<ToolSet>['performance'] {
  const perSecond = (tokens: number | undefined) => (elapsedMs > 0 ? ((tokens ?? 0) * 1000) / elapsedMs : 0);
  return {
    effectiveOutputTokensPerSecond: perSecond(usage?.outputTokens),
    outputTokensPerSecond: undefined,
    inputTokensPerSecond: undefined,
    effectiveTotalTokensPerSecond: perSecond(usage?.totalTokens),
    timeToFirstOutputMs: undefined,
    stepTimeMs: elapsedMs,
    responseTimeMs: elapsedMs,
    toolExecutionMs: {},
  };
}

const EMPTY_USAGE: FinishPart['usage'] = {
  inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
  outputTokens: { total: undefined, text: undefined, reasoning: undefined },
};
