import { PolicyDenied } from '@agent-runtime/core';
import { PolicyDecision as Decision, type PolicyDecision } from './policy-decision';

/** The combined answer of every rule that applied. */
export interface PolicyResult {
  readonly decision: PolicyDecision;
  readonly reason: string;
  /** One entry `"<rule name>: <reason>"` per rule whose verdict was not allow. */
  readonly violations: readonly string[];
  /** The names of every rule that applied (returned a verdict), in the order they were added. */
  readonly appliedRules: readonly string[];
  /** `policySet` (the selected set, if any), `overrides` (from the PolicyRef) and `rules` (per-rule metadata). */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** Throws core's PolicyDenied (with the result's reason and violations) when the decision is deny. */
export function throwIfDenied(result: PolicyResult): PolicyResult {
  if (result.decision === Decision.DENY)
    throw new PolicyDenied({ reason: result.reason, violations: result.violations });
  return result;
}
