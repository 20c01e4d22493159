import { ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { budget } from './budget';
import type { BudgetStore } from './budget-store';

/**
 * The BudgetStore conformance suite. `makeStores` returns two stores over the same, empty storage (two
 * instances, as two processes would hold), so the suite proves a budget set through one is read through the other.
 */
export function describeBudgetStoreContract(
  name: string,
  makeStores: () => [BudgetStore, BudgetStore] | Promise<[BudgetStore, BudgetStore]>,
) {
  describe(`BudgetStore contract: ${name}`, () => {
    let store: BudgetStore;
    let other: BudgetStore;
    beforeEach(async () => {
      [store, other] = await makeStores();
    });

    it('round-trips every field, costs as exact decimals', async () => {
      const full = budget({
        scopeId: 't1',
        principalId: 'u1',
        sessionId: 's1',
        maxTokensPerRequest: 1,
        maxTokensDaily: 2,
        maxTokensMonthly: 3,
        maxTokensTotal: 4,
        maxCostPerRequest: '0.1',
        maxCostDaily: '0.000000000000000001',
        maxCostMonthly: '12345678901234567890.5',
        maxRequestsPerMinute: 5,
        maxRequestsDaily: 6,
        maxToolCallsPerRequest: 7,
        maxToolCallsDaily: 8,
        warningThreshold: 0.5,
        exceedStrategy: 'degrade',
      });
      await store.set(full);
      const read = await other.get({ scopeId: 't1', principalId: 'u1', sessionId: 's1' });
      expect(read).toEqual(full);
      expect(read?.maxCostDaily?.toString()).toBe('1e-18');
      expect(read?.maxCostMonthly?.toString()).toBe('12345678901234567890.5');
    });

    it('keys by (scope, principal, session): an absent id matches only an absent id', async () => {
      await store.set(budget({ scopeId: 't1', maxTokensDaily: 1 }));
      await store.set(budget({ scopeId: 't1', principalId: 'u1', maxTokensDaily: 2 }));
      await store.set(budget({ scopeId: 't1', sessionId: 's1', maxTokensDaily: 3 }));
      expect((await other.get({ scopeId: 't1' }))?.maxTokensDaily).toBe(1);
      expect((await other.get({ scopeId: 't1', principalId: 'u1' }))?.maxTokensDaily).toBe(2);
      expect((await other.get({ scopeId: 't1', sessionId: 's1' }))?.maxTokensDaily).toBe(3);
      expect(await other.get({ scopeId: 't1', principalId: 'u1', sessionId: 's1' })).toBeUndefined();
      expect(await other.get({ scopeId: 't2' })).toBeUndefined();
    });

    it('set replaces the budget with the same key; remove deletes it once', async () => {
      await store.set(budget({ scopeId: 't1', maxTokensDaily: 1, maxCostDaily: '1' }));
      await other.set(budget({ scopeId: 't1', maxTokensDaily: 9 }));
      expect(await store.get({ scopeId: 't1' })).toEqual(budget({ scopeId: 't1', maxTokensDaily: 9 }));
      expect(await store.remove({ scopeId: 't1' })).toBe(true);
      expect(await other.remove({ scopeId: 't1' })).toBe(false);
      expect(await other.get({ scopeId: 't1' })).toBeUndefined();
    });

    it('applicable: every budget whose set ids match, ordered scope, principal, session, both', async () => {
      const keys = [
        { scopeId: 't1', principalId: 'u1', sessionId: 's1' },
        { scopeId: 't1', sessionId: 's1' },
        { scopeId: 't1', principalId: 'u1' },
        { scopeId: 't1' },
        { scopeId: 't1', principalId: 'u2' },
        { scopeId: 't1', sessionId: 's2' },
        { scopeId: 't2' },
      ];
      for (const [i, key] of keys.entries()) await store.set(budget({ ...key, maxTokensDaily: i }));
      const daily = async (identity: Parameters<BudgetStore['applicable']>[0]) =>
        (await other.applicable(identity)).map((b) => b.maxTokensDaily);
      expect(await daily({ scopeId: 't1', principalId: 'u1', sessionId: 's1' })).toEqual([3, 2, 1, 0]);
      expect(await daily({ scopeId: 't1', principalId: 'u1' })).toEqual([3, 2]);
      expect(await daily({ scopeId: 't1', sessionId: 's2' })).toEqual([3, 5]);
      expect(await daily({ scopeId: 't1' })).toEqual([3]);
      expect(await daily({ scopeId: 'none' })).toEqual([]);
    });

    it('refuses a malformed budget or key with ValidationError and stores nothing', async () => {
      await expect(store.set({ scopeId: '' } as never)).rejects.toThrow(ValidationError);
      await expect(store.set({ scopeId: 't1', maxTokensDaily: -1 } as never)).rejects.toThrow(
        'budget.maxTokensDaily',
      );
      await expect(store.get({ scopeId: '' })).rejects.toThrow(ValidationError);
      await expect(store.applicable({ scopeId: 't1', sessionId: '' })).rejects.toThrow('key.sessionId');
      expect(await other.applicable({ scopeId: 't1' })).toEqual([]);
    });
  });
}
