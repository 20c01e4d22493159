import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import { contentText } from '../context/content-text';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { failed, failedBecause, type OperatorResult, succeeded } from '../context/operator-result';
import { identitySchema, operatorSchema } from '../context/operator-schema';
import { mapWithConcurrency } from '../context/semaphore';
import { childLimitFailure } from './child-limit-failure';
import { ParallelFailureError } from './parallel-failure-error';
import { type ParsedPlan, parsePlan, type Subtask } from './plan';

export interface PlannerExecutorOptions {
  planner: Operator;
  executor: Operator;
  /** Combines the subtask results; without one, the result is their texts joined by blank lines. */
  synthesizer?: Operator;
  maxSubtasks?: number;
  /** Run subtasks at once (bounded by `maxParallel` / `config.maxParallel`) or one after another. */
  parallelExecution?: boolean;
  maxParallel?: number;
  /**
   * A plan that does not parse: `'error'` (default) fails with MalformedPlanError; `'single-task'` runs the
   * whole task as one subtask.
   */
  onMalformedPlan?: 'error' | 'single-task';
  name?: string;
  role?: AgentRole;
  description?: string;
}

const plannerExecutorSchema = z.strictObject({
  planner: operatorSchema,
  executor: operatorSchema,
  synthesizer: operatorSchema.optional(),
  maxSubtasks: z.number().int().positive().default(10),
  parallelExecution: z.boolean().default(true),
  maxParallel: z.number().int().positive().optional(),
  onMalformedPlan: z.enum(['error', 'single-task']).default('error'),
  ...identitySchema,
});

/**
 * Plans, executes, synthesizes. The planner gets `{ ...input, text: task, maxSubtasks }` and must answer a plan
 * (see `planSchema`); each subtask runs on the executor with `{ ...input, task, text, subtask, index }`
 * (sequentially also `previousResults`); the synthesizer gets `{ ...input, task, subtasks, results, text }`.
 */
export class PlannerExecutorOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  private readonly options: z.output<typeof plannerExecutorSchema>;

  constructor(options: PlannerExecutorOptions) {
    this.options = parseInput(plannerExecutorSchema, options, 'options');
    this.name = this.options.name ?? 'planner_executor';
    this.role = this.options.role ?? AgentRole.COORDINATOR;
    this.description =
      this.options.description ?? 'Plans subtasks, executes them and synthesizes the results';
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    const task = contentText(input.task ?? input.text ?? input);
    const tooDeep = childLimitFailure(this, context, 0);
    if (tooDeep) return tooDeep;
    const planned = await context.runChild(
      this.options.planner,
      { ...input, text: task, maxSubtasks: this.options.maxSubtasks },
      { coordinator: true },
    );
    if (!planned.success) return this.failedAt('plan', planned, { planned });
    let plan: ParsedPlan;
    try {
      plan = parsePlan(planned.content, this.options.maxSubtasks);
    } catch (error) {
      if (this.options.onMalformedPlan === 'error') return failed(this, error, { planned });
      plan = { subtasks: [{ id: 'subtask-1', description: task }], dropped: 0 };
    }
    const refused = childLimitFailure(this, context, plan.subtasks.length);
    if (refused) return { ...refused, metadata: { ...refused.metadata, planned, subtasks: plan.subtasks } };
    const executed = await this.executeAll(plan.subtasks, input, context);
    const failures = executed.filter((r) => !r.success);
    const details = { planned, subtasks: plan.subtasks, droppedSubtasks: plan.dropped, executed };
    if (failures.length > 0) {
      if (failures.length === 1) return this.failedAt('execute', failures[0]!, details);
      return failed(this, new ParallelFailureError(failures), { ...details, failedStage: 'execute' });
    }
    const results = executed.map((r) => r.content);
    if (!this.options.synthesizer) return succeeded(this, results.map(contentText).join('\n\n'), details);
    const synthesized = await context.runChild(
      this.options.synthesizer,
      { ...input, task, subtasks: plan.subtasks, results, text: report(task, plan.subtasks, results) },
      { coordinator: true },
    );
    if (!synthesized.success) return this.failedAt('synthesize', synthesized, { ...details, synthesized });
    return succeeded(this, synthesized.content, { ...details, synthesized });
  }

  private async executeAll(
    subtasks: readonly Subtask[],
    input: OperatorInput,
    context: OperatorContext,
  ): Promise<OperatorResult[]> {
    const subtaskInput = (subtask: Subtask, index: number) => ({
      ...input,
      task: subtask.description,
      text: subtask.description,
      subtask,
      index,
    });
    if (this.options.parallelExecution) {
      const limit = this.options.maxParallel ?? context.config.maxParallel;
      return mapWithConcurrency(subtasks, limit, (subtask, index) =>
        context.runChild(this.options.executor, subtaskInput(subtask, index)),
      );
    }
    const results: OperatorResult[] = [];
    for (const [index, subtask] of subtasks.entries()) {
      const previousResults = results.map((r) => r.content);
      const result = await context.runChild(this.options.executor, {
        ...subtaskInput(subtask, index),
        previousResults,
      });
      results.push(result);
      if (!result.success) break;
    }
    return results;
  }

  private failedAt(stage: string, child: OperatorResult, details: Record<string, unknown>): OperatorResult {
    return failedBecause(this, child, { ...details, failedStage: stage });
  }
}

function report(task: string, subtasks: readonly Subtask[], results: readonly unknown[]): string {
  const parts = subtasks.map(
    (s, i) => `Subtask ${i + 1}: ${s.description}\nResult: ${contentText(results[i])}`,
  );
  return `Task: ${task}\n\n${parts.join('\n\n')}`;
}
