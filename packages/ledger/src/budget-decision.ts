/** What a budget check says: go, go but warn, go in degraded mode (e.g. a cheaper model), or stop. */
export const BudgetDecision = {
  ALLOW: 'allow',
  WARN: 'warn',
  DEGRADE: 'degrade',
  DENY: 'deny',
} as const;

export type BudgetDecision = (typeof BudgetDecision)[keyof typeof BudgetDecision];

const RANK: Record<BudgetDecision, number> = { allow: 0, warn: 1, degrade: 2, deny: 3 };

/** The more restrictive of two decisions: deny > degrade > warn > allow. */
export function moreRestrictive(a: BudgetDecision, b: BudgetDecision): BudgetDecision {
  return RANK[b] > RANK[a] ? b : a;
}
