import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/** Limits and defaults for operators that run children. */
export interface OrchestrationConfig {
  /** Children one operator run may start over its lifetime. */
  readonly maxChildJobs: number;
  /** Deepest nesting allowed; the root run is depth 0. */
  readonly maxDepth: number;
  /** Each child run's timeout. */
  readonly timeoutSeconds: number;
  /** A child's budgets are capped by what its parent has left. */
  readonly inheritBudgets: boolean;
  /** Cancelling a parent cancels its running children (and their jobs). */
  readonly propagateCancellation: boolean;
  /** When false, children of one parent run one at a time. */
  readonly parallelExecution: boolean;
  /** Children of one parent running at the same time. */
  readonly maxParallel: number;
}

export type OrchestrationConfigInput = Partial<OrchestrationConfig>;

export const orchestrationConfigSchema = z.strictObject({
  maxChildJobs: z.number().int().positive().default(10),
  maxDepth: z.number().int().nonnegative().default(5),
  timeoutSeconds: z.number().positive().finite().default(300),
  inheritBudgets: z.boolean().default(true),
  propagateCancellation: z.boolean().default(true),
  parallelExecution: z.boolean().default(true),
  maxParallel: z.number().int().positive().default(5),
});

/** Validates a config and fills the defaults; throws ValidationError naming the field. */
export function orchestrationConfig(input: OrchestrationConfigInput = {}): OrchestrationConfig {
  return Object.freeze(parseInput(orchestrationConfigSchema, input, 'config'));
}
