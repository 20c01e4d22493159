import { type Budget, budget as parseBudget } from './budget';
import { budgetKey } from './budget-key';
import type { BudgetKey, BudgetStore } from './budget-store';

/**
 * Budgets in process memory: the Ledger's default. `set` takes effect before it returns its promise, so a
 * check started right after an un-awaited `setBudget` already sees it. Shared only by ledgers given the same
 * instance; use a database store (PostgresBudgetStore) to share budgets across processes.
 */
export class InMemoryBudgetStore implements BudgetStore {
  private readonly budgets = new Map<string, Budget>();

  set(budget: Budget): Promise<void> {
    try {
      const validated = parseBudget(budget);
      this.budgets.set(keyOf(budgetKey(validated)), validated);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    }
  }

  async get(key: BudgetKey): Promise<Budget | undefined> {
    return this.budgets.get(keyOf(budgetKey(key)));
  }

  async remove(key: BudgetKey): Promise<boolean> {
    return this.budgets.delete(keyOf(budgetKey(key)));
  }

  async applicable(identity: BudgetKey): Promise<Budget[]> {
    const { scopeId, principalId, sessionId } = budgetKey(identity);
    const candidates = [
      { scopeId },
      ...(principalId === undefined ? [] : [{ scopeId, principalId }]),
      ...(sessionId === undefined ? [] : [{ scopeId, sessionId }]),
      ...(principalId === undefined || sessionId === undefined ? [] : [{ scopeId, principalId, sessionId }]),
    ];
    return candidates.map((key) => this.budgets.get(keyOf(key))).filter((b): b is Budget => b !== undefined);
  }
}

function keyOf(key: BudgetKey): string {
  return JSON.stringify([key.scopeId, key.principalId ?? null, key.sessionId ?? null]);
}
