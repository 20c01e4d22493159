import { parseInput, ValidationError } from '@agent-runtime/core';
import { z } from 'zod';
import { AgentRole } from '../context/agent-role';
import { contentText } from '../context/content-text';
import type { Operator, OperatorContext, OperatorInput } from '../context/operator-context';
import { failed, failedBecause, type OperatorResult, succeeded } from '../context/operator-result';
import { identitySchema, operatorSchema } from '../context/operator-schema';
import { mapWithConcurrency } from '../context/semaphore';
import { childLimitFailure } from './child-limit-failure';

export interface MapReduceOptions {
  mapOperator: Operator;
  reduceOperator: Operator;
  /** The input field holding the array to map over. */
  inputKey: string;
  /** Map children running at once; defaults to `config.maxParallel`. */
  maxParallel?: number;
  name?: string;
  role?: AgentRole;
  description?: string;
}

const mapReduceSchema = z.strictObject({
  mapOperator: operatorSchema,
  reduceOperator: operatorSchema,
  inputKey: z.string().min(1),
  maxParallel: z.number().int().positive().optional(),
  ...identitySchema,
});

/**
 * Runs `mapOperator` on every item of `input[inputKey]` (bounded concurrency; results in input order), then
 * `reduceOperator` on `{ ...input, results, text }` where `results` are the map contents and `text` joins them.
 * A map item gets `{ ...item, index }` when it is an object, else `{ text, item, index }`. Any map failure
 * fails the whole (`metadata.failedIndex`) and the reducer does not run.
 */
export class MapReduceOperator implements Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  private readonly options: z.output<typeof mapReduceSchema>;

  constructor(options: MapReduceOptions) {
    this.options = parseInput(mapReduceSchema, options, 'options');
    this.name = this.options.name ?? 'map_reduce';
    this.role = this.options.role ?? AgentRole.COORDINATOR;
    this.description =
      this.options.description ??
      `Maps ${this.options.mapOperator.name}, reduces with ${this.options.reduceOperator.name}`;
  }

  async execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult> {
    const { inputKey, mapOperator, reduceOperator } = this.options;
    const items = input[inputKey];
    if (!Array.isArray(items))
      return failed(
        this,
        new ValidationError({ field: `input.${inputKey}`, message: `input.${inputKey}: must be an array` }),
      );
    const refused = childLimitFailure(this, context, items.length);
    if (refused) return refused;
    const limit = this.options.maxParallel ?? context.config.maxParallel;
    const mapped = await mapWithConcurrency(items, limit, (item, index) =>
      context.runChild(mapOperator, mapInput(item, index)),
    );
    const failedIndex = mapped.findIndex((r) => !r.success);
    if (failedIndex >= 0) {
      const failure = mapped[failedIndex]!;
      return failedBecause(this, failure, { failedIndex, mapped });
    }
    const results = mapped.map((r) => r.content);
    const reduced = await context.runChild(
      reduceOperator,
      { ...input, results, text: results.map(contentText).join('\n\n') },
      { coordinator: true },
    );
    if (!reduced.success) return failedBecause(this, reduced, { mapped, reduced });
    return succeeded(this, reduced.content, { mapped, reduced });
  }
}

function mapInput(item: unknown, index: number): OperatorInput {
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) return { ...item, index };
  return { text: contentText(item), item, index };
}
