import {
  type AgentDriver,
  type AgentStreamPart,
  BudgetExceededError,
  functionSchema,
  implementing,
  type ModelInfo,
  type MoneyInput,
  parseInput,
  type RuntimeTool,
  runtimeToolSchema,
  type TokenUsage,
  toDecimal,
} from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from './agent-role';
import type { Operator, OperatorInput } from './operator';
import type { OperatorContext } from './operator-context';
import { failed, type OperatorResult, succeeded } from './operator-result';
import { agentRoleSchema } from './operator-schema';
import { type PromptTemplate, renderPrompt } from './prompt-template';
import { allowAllTools, runTool, type ToolGate } from './tool-runner';

export interface AgentOperatorOptions {
  name: string;
  description?: string;
  role?: AgentRole;
  driver: AgentDriver;
  /** `'Summarize the following:\n\n{text}'`, or a function of the input. */
  prompt: PromptTemplate;
  /** Offered to the model besides the driver's own tools. */
  tools?: readonly RuntimeTool[];
  /** Decides about each tool call before it runs. */
  toolGate?: ToolGate;
  maxSteps?: number;
  /** Cost of a step when the provider reports none. */
  pricing?: (model: ModelInfo, usage: TokenUsage) => MoneyInput;
}

const agentOperatorSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  role: agentRoleSchema.default(AgentRole.SPECIALIST),
  driver: implementing<AgentDriver>('run'),
  prompt: z.union([z.string().min(1), functionSchema<(input: OperatorInput) => string>()]),
  tools: z.array(runtimeToolSchema).default([]),
  toolGate: functionSchema<ToolGate>().default(() => allowAllTools),
  maxSteps: z.number().int().positive().optional(),
  pricing: functionSchema<AgentOperatorOptions['pricing']>().optional(),
});

/**
 * An operator backed by an AgentDriver (a real LLM agent): renders its prompt template with the input, runs
 * the driver under the context's signal, checks budgets (tokens, cost, `maxTurns`) before every model step,
 * records each step's usage through the context (roll-up, ledger) and publishes `model.done` and tool events.
 * The content is the agent's final text.
 */
export class AgentOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  private readonly options: z.output<typeof agentOperatorSchema>;
  private readonly tools: ReadonlyMap<string, RuntimeTool>;

  constructor(options: AgentOperatorOptions) {
    this.options = parseInput(agentOperatorSchema, options, 'options');
    this.name = this.options.name;
    this.role = this.options.role;
    this.description = this.options.description ?? `Agent ${this.name}`;
    const tools = [...(this.options.driver.tools ?? []), ...this.options.tools];
    this.tools = new Map(tools.map((t) => [t.name, t]));
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    try {
      const prompt = renderPrompt(this.options.prompt, input);
      context.assertBudgetAvailable();
      let steps = 0;
      let text = '';
      for await (const part of this.run(prompt, context, () => steps)) {
        if (part.type === 'step-finish') {
          steps++;
          await this.recordStep(part, context);
        } else if (part.type === 'finish') text = part.text;
      }
      return succeeded(this, text, { steps });
    } catch (error) {
      return failed(this, error);
    }
  }

  private run(
    prompt: string,
    context: OperatorContext,
    finishedSteps: () => number,
  ): AsyncIterable<AgentStreamPart> {
    const maxTurns = context.executionContext.budgets.maxTurns;
    let step = 0;
    return this.options.driver.run({
      prompt,
      context: context.executionContext.toRequestContext(),
      signal: context.signal,
      tools: [...this.tools.values()],
      maxSteps: this.options.maxSteps,
      executeTool: (call, signal) =>
        this.options.toolGate(
          call,
          () => context.toolGate(call, () => runTool(call, this.tools, context, { step, signal }), context),
          context,
        ),
      beforeStep: async (info) => {
        step = info.step;
        context.throwIfCancelled();
        context.assertBudgetAvailable();
        if (maxTurns !== undefined && finishedSteps() >= maxTurns)
          throw new BudgetExceededError({ limit: 'maxTurns', limitValue: maxTurns, usage: finishedSteps() });
        return undefined;
      },
    });
  }

  private async recordStep(
    part: Extract<AgentStreamPart, { type: 'step-finish' }>,
    context: OperatorContext,
  ) {
    const cost = part.providerCost ?? this.options.pricing?.(part.model, part.usage);
    const decimalCost = cost === undefined ? undefined : toDecimal(cost);
    await context.recordModelUsage(part.usage, {
      provider: part.model.provider,
      model: part.model.modelId,
      cost: decimalCost,
      durationMs: part.durationMs,
    });
    await context.publish('model.done', {
      step: part.step,
      provider: part.model.provider,
      model: part.model.modelId,
      text: part.text,
      toolCalls: part.toolCalls,
      finishReason: part.finishReason,
      usage: part.usage,
      cost: decimalCost?.toString() ?? '0',
      durationMs: part.durationMs,
      ...(part.reasoning !== undefined && { reasoning: part.reasoning }),
    });
  }
}
