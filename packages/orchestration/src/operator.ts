import type { AgentRole } from './agent-role';
import type { OperatorContext } from './operator-context';
import type { OperatorResult } from './operator-result';

/** What an operator receives: a plain object (`{ text }`, `{ task }`, `{ documents }`, …). */
export type OperatorInput = Readonly<Record<string, unknown>>;

/**
 * A unit of multi-agent work. `execute` reports run-time failures as `success: false` with an `error`
 * rather than throwing, so patterns can decide what a failure means.
 */
export interface Operator {
  readonly name: string;
  readonly role: AgentRole;
  readonly description: string;
  execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult>;
}
