import type { PolicyContext } from './policy-context';
import type { PolicyDecision } from './policy-decision';

/** Which of the engine's focused checks a rule takes part in; `evaluate()` runs every rule. */
export type PolicyRuleKind = 'tool' | 'model' | 'constraint';

/** A rule's answer for a context it applies to. */
export interface PolicyVerdict {
  readonly decision: PolicyDecision;
  /** Why; for a non-allow decision it becomes a violation `"<rule name>: <reason>"`. */
  readonly reason?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/**
 * A policy rule. `evaluate` returns a verdict when the rule applies to the context, or `undefined` when it does
 * not (it is then not listed in `appliedRules`). A rule that throws is treated as a deny (fail closed).
 * `kind` makes the rule part of `checkTool` / `checkModel` / `checkConstraints`; rules without a kind
 * run only in `evaluate`.
 */
export interface PolicyRule {
  readonly name: string;
  readonly kind?: PolicyRuleKind;
  evaluate(ctx: PolicyContext): PolicyVerdict | undefined | Promise<PolicyVerdict | undefined>;
}
