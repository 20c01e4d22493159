import { functionSchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import { contentText } from '../context/content-text';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { failed, type OperatorResult, succeeded } from '../context/operator-result';
import { identitySchema, operatorSchema } from '../context/operator-schema';
import { mapWithConcurrency } from '../context/semaphore';
import { childLimitFailure } from './child-limit-failure';
import { ParallelFailureError } from './parallel-failure-error';

export type Aggregator = (results: readonly OperatorResult[]) => unknown;

export interface ParallelOptions {
  operators: readonly Operator[];
  /** Combines the successful results (in operator order); defaults to their texts joined by blank lines. */
  aggregator?: Aggregator;
  /** When true (the default) any failure fails the whole; when false, one success is enough. */
  requireAllSuccess?: boolean;
  /** Operators running at once; defaults to `config.maxParallel`. */
  maxParallel?: number;
  name?: string;
  role?: AgentRole;
  description?: string;
}

const parallelSchema = z.strictObject({
  operators: z.array(operatorSchema).min(1),
  aggregator: functionSchema<Aggregator>().optional(),
  requireAllSuccess: z.boolean().default(true),
  maxParallel: z.number().int().positive().optional(),
  ...identitySchema,
});

export const joinContents: Aggregator = (results) => results.map((r) => contentText(r.content)).join('\n\n');

/** Runs operators on the same input at the same time (bounded) and aggregates their results. */
export class ParallelOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  private readonly options: z.output<typeof parallelSchema>;

  constructor(options: ParallelOptions) {
    this.options = parseInput(parallelSchema, options, 'options');
    this.name = this.options.name ?? 'parallel';
    this.role = this.options.role ?? AgentRole.COORDINATOR;
    this.description =
      this.options.description ?? `Runs ${this.options.operators.length} operators in parallel`;
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    const { operators, requireAllSuccess } = this.options;
    const refused = childLimitFailure(this, context, operators.length);
    if (refused) return refused;
    const limit = this.options.maxParallel ?? context.config.maxParallel;
    const results = await mapWithConcurrency(operators, limit, (operator) =>
      context.runChild(operator, input),
    );
    const failures = results.filter((r) => !r.success);
    const successes = results.filter((r) => r.success);
    if ((requireAllSuccess && failures.length > 0) || successes.length === 0)
      return failed(this, new ParallelFailureError(failures), { results });
    try {
      return succeeded(this, (this.options.aggregator ?? joinContents)(successes), { results });
    } catch (error) {
      return failed(this, error, { results });
    }
  }
}
