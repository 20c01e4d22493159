import {
  type AgentRunRequest,
  type AgentState,
  type AgentStreamPart,
  type AgentToolCall,
  addUsage,
  deepFreeze,
  type JsonValue,
  ZERO_USAGE,
} from '@agent-runtime/core';
import type { ModelMessage, StepResult, StopCondition, ToolSet } from 'ai';
import type { DriverConfig } from './driver-config';
import { DEFAULT_MAX_STEPS } from './driver-options';
import { finishedAnswer, parseResumeState } from './resume-state';
import { streamModelStep } from './stream-model-step';
import { toAiSdkTools } from './to-ai-sdk-tools';
import { toJsonValue } from './to-json-value';
import { type ExecutedToolCall, toolResultsMessage } from './tool-results-message';
import { abortReason, withAbort } from './with-abort';

interface LoopState {
  step: number;
  messages: ModelMessage[];
  usage: AgentState['usage'];
  pendingToolCalls: AgentToolCall[];
  text: string;
}

/**
 * The agent loop: before every step `beforeStep`, then one model call (`streamText`, one step), a checkpoint
 * (`step-finish` with a JSON state that still lists the step's tool calls as pending), then each tool call
 * through the kernel's gate, until the model answers without tool calls, `maxSteps` or a stop condition.
 */
export async function* runAgent(
  config: DriverConfig,
  request: AgentRunRequest,
): AsyncGenerator<AgentStreamPart> {
  const loop = initialLoopState(request);
  let tools = toAiSdkTools(request.tools);
  const maxSteps = stepLimit(config.maxSteps, request.maxSteps);
  const steps: StepResult<ToolSet>[] = [];
  const answer = finishedAnswer(loop.messages, loop.pendingToolCalls.length);
  if (answer !== undefined) loop.text = answer;
  let atLimit = answer === undefined && loop.step >= maxSteps;
  let stop = answer !== undefined || atLimit;
  if (loop.pendingToolCalls.length > 0) yield* runPendingToolCalls(loop, request);
  while (!stop) {
    throwIfAborted(request.signal);
    const plan = await withAbort(
      request.beforeStep?.({
        step: loop.step + 1,
        state: snapshot(loop),
        ...(config.instructions === undefined ? {} : { instructions: config.instructions }),
      }),
      request.signal,
    );
    const slot = plan?.degrade && config.degraded ? config.degraded : config.primary;
    if (plan?.tools) tools = toAiSdkTools(plan.tools);
    loop.step += 1;
    yield { type: 'step-start', step: loop.step, model: slot.info };
    const startedAt = config.clock.now();
    const outcome = yield* streamModelStep({
      config,
      slot,
      tools,
      request,
      step: loop.step,
      messages: loop.messages,
      ...(plan?.maxOutputTokens === undefined ? {} : { maxOutputTokens: plan.maxOutputTokens }),
    });
    steps.push(outcome.stepResult);
    loop.messages.push(...outcome.messages);
    loop.usage = addUsage(loop.usage, outcome.usage);
    loop.pendingToolCalls = outcome.toolCalls;
    loop.text = outcome.text;
    yield {
      type: 'step-finish',
      step: loop.step,
      model: slot.info,
      text: outcome.text,
      ...(outcome.reasoning ? { reasoning: outcome.reasoning } : {}),
      toolCalls: outcome.toolCalls,
      finishReason: outcome.finishReason,
      usage: outcome.usage,
      ...(outcome.providerCost !== undefined ? { providerCost: outcome.providerCost } : {}),
      durationMs: Math.max(0, config.clock.now() - startedAt),
      state: snapshot(loop),
    };
    if (loop.pendingToolCalls.length === 0) break;
    yield* runPendingToolCalls(loop, request);
    atLimit = loop.step >= maxSteps;
    stop = atLimit || (await shouldStop(config.stopWhen, steps));
  }
  yield {
    type: 'finish',
    text: loop.text,
    usage: loop.usage,
    steps: loop.step,
    state: snapshot(loop),
    ...(atLimit ? { stoppedAtStepLimit: true } : {}),
  };
}

/** The request's limit wins when smaller or when the driver has none; with neither, DEFAULT_MAX_STEPS. */
function stepLimit(configured: number | undefined, requested: number | undefined): number {
  if (requested === undefined) return configured ?? DEFAULT_MAX_STEPS;
  return Math.min(configured ?? Number.POSITIVE_INFINITY, requested);
}

function initialLoopState(request: AgentRunRequest): LoopState {
  const saved = request.resumeFrom;
  if (!saved) {
    return {
      step: 0,
      messages: [{ role: 'user', content: request.prompt }],
      usage: ZERO_USAGE,
      pendingToolCalls: [],
      text: '',
    };
  }
  parseResumeState(saved);
  return {
    step: saved.step,
    messages: structuredClone(saved.messages) as unknown as ModelMessage[],
    usage: { ...saved.usage },
    pendingToolCalls: structuredClone([...(saved.pendingToolCalls ?? [])]),
    text: '',
  };
}

/** Runs the loop's pending tool calls one by one through the gate and appends their results for the model. */
async function* runPendingToolCalls(
  loop: LoopState,
  request: AgentRunRequest,
): AsyncGenerator<AgentStreamPart> {
  const executed: ExecutedToolCall[] = [];
  for (const call of loop.pendingToolCalls) {
    throwIfAborted(request.signal);
    const outcome = await withAbort(request.executeTool(call, request.signal), request.signal);
    executed.push({ call, outcome });
    yield {
      type: 'tool-result',
      step: loop.step,
      toolCallId: call.toolCallId,
      toolName: call.toolName,
      output: outcome.type === 'result' ? outcome.output : outcome.error,
      isError: outcome.type === 'error',
    };
  }
  loop.messages.push(toolResultsMessage(executed));
  loop.pendingToolCalls = [];
}

async function shouldStop(
  conditions: readonly StopCondition<ToolSet>[],
  steps: StepResult<ToolSet>[],
): Promise<boolean> {
  for (const condition of conditions) if (await condition({ steps })) return true;
  return false;
}

/** Each message's frozen JSON copy, made once: a snapshot is taken up to three times a step. */
const messageJson = new WeakMap<ModelMessage, JsonValue>();

function jsonOf(message: ModelMessage): JsonValue {
  let json = messageJson.get(message);
  if (json === undefined) {
    json = deepFreeze(toJsonValue(message));
    messageJson.set(message, json);
  }
  return json;
}

function snapshot(loop: LoopState): AgentState {
  const step = loop.step;
  const messages = loop.messages.map(jsonOf);
  const usage = { ...loop.usage };
  if (loop.pendingToolCalls.length === 0) return { step, messages, usage };
  const pendingToolCalls = toJsonValue(loop.pendingToolCalls) as unknown as AgentToolCall[];
  return { step, messages, usage, pendingToolCalls };
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw abortReason(signal);
}
