export { type Deferred, deferred, flush } from '@agent-runtime/test-helpers';

import {
  type AgentDriver,
  addUsage,
  type BudgetSpecInput,
  ExecutionContext,
  type TokenUsage,
  type ToolOutcome,
  ZERO_USAGE,
} from '@agent-runtime/core';
import { AgentRole } from './context/agent-role';
import type { Operator, OperatorInput } from './context/operator-context';
import { OperatorContext, type OperatorContextOptions } from './context/operator-context';
import { failed, succeeded } from './context/operator-result';

/** A hand-written operator whose content is what `fn` returns (a throw is a failed result). */
export function operator(
  name: string,
  fn: (input: OperatorInput, context: OperatorContext) => unknown,
  role: AgentRole = AgentRole.SPECIALIST,
): Operator {
  const op: Operator = {
    name,
    role,
    description: `test operator ${name}`,
    async execute(input, context) {
      try {
        return succeeded(op, await fn(input, context));
      } catch (error) {
        return failed(op, error);
      }
    },
  };
  return op;
}

export function rootContext(
  options: OperatorContextOptions & { budgets?: BudgetSpecInput; jobId?: string } = {},
): OperatorContext {
  const { budgets, jobId, ...rest } = options;
  const context = new ExecutionContext({ scopeId: 'tenant-1', principalId: 'user-1', budgets, jobId });
  return OperatorContext.create(context, rest);
}

/** Counts operators running at the same time; `max` is the most ever seen. */
export class ConcurrencyProbe {
  running = 0;
  max = 0;

  async track<T>(fn: () => Promise<T>): Promise<T> {
    this.running++;
    this.max = Math.max(this.max, this.running);
    try {
      return await fn();
    } finally {
      this.running--;
    }
  }
}

export interface FakeStep {
  text?: string;
  toolCalls?: { toolName: string; input: unknown }[];
  usage?: { inputTokens: number; outputTokens: number };
  error?: Error;
}

/**
 * A hand-written AgentDriver playing one scripted step per model call across runs (the shape of
 * `scriptedDriver` from `@agent-runtime/ai-sdk/testing`); it records every prompt and tool outcome.
 */
export function fakeDriver(steps: readonly FakeStep[], model = { provider: 'fake', modelId: 'fake-1' }) {
  let next = 0;
  const prompts: string[] = [];
  const toolOutcomes: ToolOutcome[] = [];
  const driver: AgentDriver = {
    model,
    async *run(request) {
      prompts.push(request.prompt);
      let usage: TokenUsage = ZERO_USAGE;
      for (let step = 0; ; step++) {
        const state = { step, messages: [], usage };
        await request.beforeStep?.({ step, state });
        request.signal.throwIfAborted();
        const scripted = steps[next++];
        if (!scripted) throw new Error(`fakeDriver: no scripted step for model call ${next}`);
        if (scripted.error) throw scripted.error;
        yield { type: 'step-start', step, model };
        const text = scripted.text ?? '';
        for (const word of text.split(/(?<= )/)) if (word) yield { type: 'text-delta', step, delta: word };
        const toolCalls = (scripted.toolCalls ?? []).map((c, i) => ({
          ...c,
          toolCallId: `call-${next}-${i}`,
        }));
        for (const call of toolCalls) {
          yield { type: 'tool-call', step, ...call };
          const outcome = await request.executeTool(call, request.signal);
          toolOutcomes.push(outcome);
          const output = outcome.type === 'result' ? outcome.output : outcome.error;
          yield { type: 'tool-result', step, ...call, output, isError: outcome.type === 'error' };
        }
        const stepUsage = scripted.usage ?? { inputTokens: 10, outputTokens: 5 };
        const total = { ...stepUsage, totalTokens: stepUsage.inputTokens + stepUsage.outputTokens };
        usage = addUsage(usage, total);
        const finishReason = toolCalls.length > 0 ? 'tool-calls' : 'stop';
        yield {
          type: 'step-finish',
          step,
          model,
          text,
          toolCalls,
          finishReason,
          usage: total,
          durationMs: 1,
          state,
        };
        if (toolCalls.length === 0 || step + 1 >= (request.maxSteps ?? Number.POSITIVE_INFINITY)) {
          yield { type: 'finish', text, usage, steps: step + 1, state };
          return;
        }
      }
    },
  };
  return { driver, prompts, toolOutcomes };
}
