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
  type StepInfo,
  type StepPlan,
  type TokenUsage,
  toDecimal,
} from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { allowAllTools, type ToolGate, type ToolTurn } from '../context/operator-context';
import { failed, type OperatorResult, succeeded } from '../context/operator-result';
import { agentRoleSchema } from '../context/operator-schema';
import type { StepHold } from '../context/step-gate';
import { runTool } from '../tools/tool-runner';
import { type PromptTemplate, renderPrompt } from './prompt-template';

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

/** One run of an AgentOperator: its finished steps, the step running now and what the step gate holds for it. */
interface AgentRun {
  steps: number;
  step: number;
  degraded: boolean;
  hold?: StepHold;
  /** The last finished step and the tool calls it asked for (announced before they run). */
  turn?: ToolTurn;
}

/**
 * An operator backed by an AgentDriver (a real LLM agent): renders its prompt template with the input, runs
 * the driver under the context's signal, checks budgets (tokens, cost, `maxTurns`) and the context's StepGate
 * before every model step, records each step's usage through the context (roll-up, ledger) and publishes `model.done` and tool events.
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
    const run: AgentRun = { steps: 0, step: 0, degraded: false };
    try {
      const prompt = renderPrompt(this.options.prompt, input);
      context.assertBudgetAvailable();
      let text = '';
      for await (const part of this.run(prompt, context, run)) {
        if (part.type === 'step-finish') {
          run.steps++;
          run.turn = { step: part.step, toolCalls: part.toolCalls.length };
          const { hold } = run;
          run.hold = undefined;
          await this.recordStep(part, context, hold);
        } else if (part.type === 'finish') text = part.text;
      }
      return succeeded(this, text, { steps: run.steps });
    } catch (error) {
      return failed(this, error);
    } finally {
      await run.hold?.release().catch(() => {});
    }
  }

  private run(prompt: string, context: OperatorContext, run: AgentRun): AsyncIterable<AgentStreamPart> {
    const maxTurns = context.executionContext.budgets.maxTurns;
    const tools = [...this.tools.values()];
    return this.options.driver.run({
      prompt,
      context: context.executionContext.toRequestContext(),
      signal: context.signal,
      tools,
      maxSteps: this.options.maxSteps,
      executeTool: (call, signal) => {
        const turn = run.turn?.step === run.step ? run.turn : { step: run.step, toolCalls: 1 };
        const execute = () => runTool(call, this.tools, context, { step: run.step, signal });
        return this.options.toolGate(
          call,
          () => context.toolGate(call, execute, context, turn),
          context,
          turn,
        );
      },
      beforeStep: async (info) => {
        run.step = info.step;
        context.throwIfCancelled();
        context.assertBudgetAvailable();
        if (maxTurns !== undefined && run.steps >= maxTurns)
          throw new BudgetExceededError({ limit: 'maxTurns', limitValue: maxTurns, usage: run.steps });
        return this.gateStep(info, context, run, tools);
      },
    });
  }

  /** The context's StepGate for this step; once it says `degrade`, every later step runs degraded. */
  private async gateStep(
    info: StepInfo,
    context: OperatorContext,
    run: AgentRun,
    tools: readonly RuntimeTool[],
  ): Promise<StepPlan | undefined> {
    const { model, degradedModel } = this.options.driver;
    const degraded = run.degraded && degradedModel !== undefined;
    const gated = await context.stepGate(
      info,
      { name: this.name, model: degraded ? degradedModel : model, degradedModel, degraded, tools },
      context,
    );
    run.hold = gated?.hold;
    if (gated?.plan?.degrade) run.degraded = true;
    return run.degraded ? { ...gated?.plan, degrade: true } : gated?.plan;
  }

  private async recordStep(
    part: Extract<AgentStreamPart, { type: 'step-finish' }>,
    context: OperatorContext,
    hold: StepHold | undefined,
  ) {
    const cost = part.providerCost ?? this.options.pricing?.(part.model, part.usage);
    const decimalCost = cost === undefined ? undefined : toDecimal(cost);
    await context.recordModelUsage(part.usage, {
      provider: part.model.provider,
      model: part.model.modelId,
      cost: decimalCost,
      durationMs: part.durationMs,
      ...(hold && { hold }),
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
