export { PolicyDenied } from '@agent-runtime/core';
export { ConstraintPolicy, type ConstraintPolicyOptions } from './constraint-policy';
export { ModelPolicy, type ModelPolicyOptions } from './model-policy';
export {
  type PolicyContext,
  type PolicyContextInput,
  policyContext,
  policyContextFrom,
} from './policy-context';
export { mostRestrictive, POLICY_DECISIONS, PolicyDecision } from './policy-decision';
export {
  type AddRuleOptions,
  PolicyEngine,
  type PolicyEngineOptions,
  type UnknownPolicySet,
} from './policy-engine';
export { type PolicyResult, throwIfDenied } from './policy-result';
export type { PolicyRule, PolicyRuleKind, PolicyVerdict } from './policy-rule';
export { ToolPolicy, type ToolPolicyOptions } from './tool-policy';
