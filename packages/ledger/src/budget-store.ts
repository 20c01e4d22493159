import type { Budget } from './budget';

/** Which budget: a scope's, a principal's in it, a session's, or a principal's session (ids absent = unset). */
export interface BudgetKey {
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
}

/**
 * Where budgets live, so every ledger (every kernel, every process) on one store enforces the same budgets.
 *
 * - `set(budget)` stores a validated Budget, replacing the one with the same key (scopeId, principalId,
 *   sessionId); it is visible to every later `get`/`applicable` of any instance on the same store.
 * - `get(key)` returns the budget with exactly that key (an absent id matches only an absent id).
 * - `remove(key)` deletes it; true when there was one.
 * - `applicable(identity)` returns every budget of `identity.scopeId` whose principalId and sessionId are each
 *   absent or equal to the identity's: the budgets that govern work of that principal in that session, ordered
 *   scope, principal, session, principal+session.
 */
export interface BudgetStore {
  set(budget: Budget): Promise<void>;
  get(key: BudgetKey): Promise<Budget | undefined>;
  remove(key: BudgetKey): Promise<boolean>;
  applicable(identity: BudgetKey): Promise<Budget[]>;
}
