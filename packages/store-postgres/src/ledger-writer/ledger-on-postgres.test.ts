import { BudgetExceededError, ExecutionContext } from '@agent-runtime/core';
import { Ledger } from '@agent-runtime/ledger';
import { describe, expect, it } from 'vitest';
import { createPostgresStores } from '../create-postgres-stores';
import type { SqlDatabase } from '../database/sql-database';
import { uniqueName, useBackends } from '../test-support/test-databases';

const backends = useBackends();
const model = { provider: 'p', model: 'm' };
const tokens = (outputTokens: number) => ({ inputTokens: 0, outputTokens, totalTokens: outputTokens });

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

    await other.recordModelUsage(new ExecutionContext({ scopeId: 'tenant', jobId: 'j2' }), tokens(5), model);
    statements.length = 0;
    const held = await ledger.reserve(ctx, { tokens: 10 });
    await held.settle({ tokens: 10 });
    expect(statements).toHaveLength(2);
    // the job's own usage so far, read by the reservation's statement (the kernel's constraint gate uses it)
    expect(held.jobUsage).toMatchObject({ totalTokens: 1, requests: 1 });

    await other.setBudget({ scopeId: 'tenant', maxTokensDaily: 20 });
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
    // the measurement the amount is sized by, the reservation, and its budget_warning (20 of 20 tokens)
    expect(statements.map((text) => text.slice(0, 15))).toEqual([
      'SELECT m.idx, m',
      'WITH b AS (SELE',
      expect.stringMatching(/^INSERT INTO /),
    ]);
    expect(reservation.jobUsage).toEqual(await ledger.getUsage({ jobId: 'j1' }));
    expect(reservation.jobUsage).toMatchObject({ totalTokens: 11, requests: 2 });
  });
});
