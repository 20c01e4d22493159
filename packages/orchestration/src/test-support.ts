import { type BudgetSpecInput, ExecutionContext } from '@agent-runtime/core';
import { AgentRole } from './agent-role';
import type { Operator, OperatorInput } from './operator';
import { OperatorContext, type OperatorContextOptions } from './operator-context';
import { failed, succeeded } from './operator-result';

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

export interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
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

/** Lets every pending promise continuation run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
