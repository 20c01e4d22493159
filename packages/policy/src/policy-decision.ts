/** What a policy says about an operation. */
export const PolicyDecision = {
  ALLOW: 'allow',
  DENY: 'deny',
  REQUIRE_APPROVAL: 'require_approval',
  WARN: 'warn',
} as const;

export type PolicyDecision = (typeof PolicyDecision)[keyof typeof PolicyDecision];

export const POLICY_DECISIONS: readonly PolicyDecision[] = Object.values(PolicyDecision);

const RESTRICTIVENESS: Record<PolicyDecision, number> = {
  allow: 0,
  warn: 1,
  require_approval: 2,
  deny: 3,
};

/** The more restrictive of two decisions: deny > require_approval > warn > allow. */
export function mostRestrictive(a: PolicyDecision, b: PolicyDecision): PolicyDecision {
  return RESTRICTIVENESS[b] > RESTRICTIVENESS[a] ? b : a;
}
