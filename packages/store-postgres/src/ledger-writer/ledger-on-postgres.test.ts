import { BudgetExceededError, ExecutionContext } from '@agent-runtime/core';
import { Ledger } from '@agent-runtime/ledger';
import { describe, expect, it } from 'vitest';
import { createPostgresStores } from '../create-postgres-stores';
import type { SqlDatabase } from '../database/sql-database';
import { uniqueName, useBackends } from '../test-support/test-databases';

const backends = useBackends();

/** `db` with every statement sent outside a transaction recorded in `statements`. */
function counting(db: SqlDatabase, statements: string[]): SqlDatabase {
  return {
    kind: db.kind,
    query: (text, params) => {
      statements.push(text.replace(/\s+/g, ' ').trim());
      return db.query(text, params);
    },
    transaction: (work) => db.transaction(work),
  };
}

describe.each(backends)('a Ledger on createPostgresStores ($name)', (backend) => {
  it('reserves in one statement with no budget read once it has seen the budgets, and sees another ledger set one', async () => {
    const db = await backend.db();
    const statements: string[] = [];
    const options = {
      schema: backend.schema,
      tableNames: { ledger: uniqueName('ledger'), budgets: uniqueName('budgets') },
    };
    const stores = createPostgresStores(counting(db, statements), options);
    const elsewhere = createPostgresStores(db, options);
    await stores.migrate();
    const ledger = new Ledger(stores.ledgerWriter, { budgetStore: stores.budgetStore });
    const other = new Ledger(elsewhere.ledgerWriter, { budgetStore: elsewhere.budgetStore });
    const ctx = new ExecutionContext({ scopeId: 'tenant', jobId: 'j1' });
    await (await ledger.reserve(ctx, { tokens: 1 })).settle({ tokens: 1 });

    statements.length = 0;
    await (await ledger.reserve(ctx, { tokens: 10 })).settle({ tokens: 10 });
    expect(statements).toHaveLength(2);

    await other.setBudget({ scopeId: 'tenant', maxTokensDaily: 15 });
    statements.length = 0;
    await expect(ledger.reserve(ctx, { tokens: 10 })).rejects.toThrow(BudgetExceededError);
    // the attempt under the budgets seen before, the one under the current ones, the budget_exceeded event
    expect(statements).toHaveLength(3);
    expect(statements.filter((text) => text.startsWith('SELECT budget FROM'))).toEqual([]);

    statements.length = 0;
    const { reservation, size } = await ledger.reserveWithin(ctx, (headroom) => ({
      tokens: headroom.tokens!.remaining.toNumber(),
    }));
    expect(size.tokens).toBe(4);
    expect(reservation.amount.tokens).toBe(4);
    // the measurement the amount is sized by, the reservation, and its budget_warning (15 of 15 tokens)
    expect(statements.map((text) => text.slice(0, 15))).toEqual([
      'SELECT m.idx, m',
      'WITH b AS (SELE',
      expect.stringMatching(/^INSERT INTO /),
    ]);
  });
});
