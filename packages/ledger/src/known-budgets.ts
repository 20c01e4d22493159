import type { Budget } from './budget';
import type { BudgetKey } from './budget-store';

/** Identities remembered at most; the oldest is forgotten first (it costs one budget read when it returns). */
const MAX_IDENTITIES = 10_000;

/**
 * The budgets a Ledger last saw for each identity (scope, principal, session), when its writer checks them at
 * every reservation: a stale entry is never enforced, it costs the reservation a second attempt.
 */
export class KnownBudgets {
  private readonly byIdentity = new Map<string, readonly Budget[]>();

  get(identity: BudgetKey): readonly Budget[] | undefined {
    return this.byIdentity.get(keyOf(identity));
  }

  set(identity: BudgetKey, budgets: readonly Budget[]): void {
    const key = keyOf(identity);
    this.byIdentity.delete(key);
    this.byIdentity.set(key, budgets);
    if (this.byIdentity.size > MAX_IDENTITIES) this.byIdentity.delete(this.byIdentity.keys().next().value!);
  }
}

function keyOf({ scopeId, principalId, sessionId }: BudgetKey): string {
  return JSON.stringify([scopeId, principalId ?? null, sessionId ?? null]);
}
