import { Decimal, ValidationError } from '@agent-runtime/core';
import {
  type BudgetLimit,
  budget,
  LedgerEvent,
  LedgerEventType,
  type ReservationRequest,
} from '@agent-runtime/ledger';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { PostgresBudgetStore } from '../budget-store/postgres-budget-store';
import type { SqlDatabase } from '../database/sql-database';
import { POSTGRES_URL, uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresLedgerWriter } from './postgres-ledger-writer';

const backends = useBackends();
const [postgres] = backends;

const T0 = Date.UTC(2026, 0, 1);
const event = (init: Partial<ConstructorParameters<typeof LedgerEvent>[0]> = {}) =>
  new LedgerEvent({ type: LedgerEventType.MODEL_USAGE, timestamp: T0, scopeId: 'tenant', ...init });
const costLimit = (max: string, init: Partial<BudgetLimit> = {}): BudgetLimit => ({
  key: 'cost',
  metric: 'cost',
  scopeId: 'tenant',
  max: new Decimal(max),
  enforce: true,
  ...init,
});
const reservation = (id: string, init: Partial<ReservationRequest> = {}): ReservationRequest => ({
  reservationId: id,
  scopeId: 'tenant',
  amount: { tokens: 100, cost: new Decimal('0.03'), requests: 1, toolCalls: 0 },
  limits: [costLimit('1.00')],
  now: T0,
  expiresAt: T0 + 60_000,
  ...init,
});

describe.each(backends)('PostgresLedgerWriter on $name', (backend) => {
  const makeWriter = async (db?: SqlDatabase) =>
    new PostgresLedgerWriter(db ?? (await backend.handle()), {
      schema: backend.schema,
      tableName: uniqueName('ledger'),
    });

  it('sums usage in SQL with exact numeric costs', async () => {
    const writer = await makeWriter();
    for (let i = 0; i < 10; i++) await writer.write(event({ cost: '0.1', inputTokens: 1, outputTokens: 2 }));
    await writer.write(event({ type: LedgerEventType.TOOL_USAGE, cost: '0.000000000000000001' }));
    const usage = await writer.getUsage({ scopeId: 'tenant' });
    expect(usage.cost.toString()).toBe('1.000000000000000001');
    expect(usage).toMatchObject({
      inputTokens: 10,
      outputTokens: 20,
      totalTokens: 30,
      requests: 10,
      toolCalls: 1,
    });
    expect((await writer.getUsage({ scopeId: 'other' })).cost.toString()).toBe('0');
  });

  it('filters usage and events by scope, principal, job and time window', async () => {
    const writer = await makeWriter();
    await writer.write(event({ principalId: 'alice', jobId: 'j1', timestamp: T0, cost: '1' }));
    await writer.write(event({ principalId: 'bob', jobId: 'j2', timestamp: T0 + 10, cost: '2' }));
    await writer.write(event({ principalId: 'alice', jobId: 'j3', timestamp: T0 + 20, cost: '4' }));
    await writer.write(event({ scopeId: 'other', principalId: 'alice', timestamp: T0 + 5, cost: '8' }));
    const cost = async (filter: Parameters<typeof writer.getUsage>[0]) =>
      (await writer.getUsage(filter)).cost.toNumber();
    expect(await cost({ scopeId: 'tenant', principalId: 'alice' })).toBe(5);
    expect(await cost({ principalId: 'alice' })).toBe(13);
    expect(await cost({ jobId: 'j2' })).toBe(2);
    expect(await cost({ since: T0 + 5, until: T0 + 20 })).toBe(10);
    const listed = await writer.listEvents({ principalId: 'alice', limit: 2 });
    expect(listed.map((e) => e.cost.toNumber())).toEqual([1, 8]);
    expect(await writer.listEvents({ eventType: LedgerEventType.TOOL_USAGE })).toEqual([]);
    await expect(writer.getUsage({ since: -1 })).rejects.toMatchObject({ field: 'filter.since' });
  });

  it('refuses a duplicate event id and a non-event, writing nothing', async () => {
    const writer = await makeWriter();
    const first = event({ cost: '1' });
    await writer.write(first);
    await expect(writer.write(event({ eventId: first.eventId, cost: '5' }))).rejects.toMatchObject({
      field: 'event.eventId',
    });
    await expect(writer.write(first.toJSON() as never)).rejects.toBeInstanceOf(ValidationError);
    expect((await writer.getUsage()).cost.toString()).toBe('1');
  });

  it('settles atomically: a failing event rolls back the settle and every event before it', async () => {
    const writer = await makeWriter();
    const existing = event({ cost: '0.5' });
    await writer.write(existing);
    expect((await writer.reserve(reservation('r1'))).reserved).toBe(true);
    const batch = [event({ cost: '2' }), event({ eventId: existing.eventId })];
    await expect(writer.settleReservation('r1', batch)).rejects.toBeInstanceOf(ValidationError);
    expect((await writer.getUsage()).cost.toString()).toBe('0.5');
    expect((await writer.measure([costLimit('1')], T0))[0]!.reserved.toString()).toBe('0.03');
    expect(await writer.settleReservation('r1', [event({ cost: '0.02' })])).toBe('open');
    expect(await writer.settleReservation('r1', [event({ cost: '5' })])).toBe('settled');
    expect((await writer.getUsage()).cost.toString()).toBe('0.52');
  });

  it('refuses a reservation id used before', async () => {
    const writer = await makeWriter();
    await writer.reserve(reservation('dup'));
    await expect(writer.reserve(reservation('dup'))).rejects.toMatchObject({
      field: 'request.reservationId',
    });
    expect((await writer.measure([costLimit('1')], T0))[0]!.reserved.toString()).toBe('0.03');
  });

  it('measures each metric with its own window and filters in one statement', async () => {
    const writer = await makeWriter();
    await writer.write(
      event({ principalId: 'alice', inputTokens: 5, outputTokens: 5, cost: '0.5', timestamp: T0 - 1 }),
    );
    await writer.write(event({ principalId: 'bob', inputTokens: 1, outputTokens: 1, cost: '0.25' }));
    await writer.write(event({ type: LedgerEventType.TOOL_USAGE, jobId: 'j1' }));
    await writer.reserve(reservation('r', { principalId: 'alice', jobId: 'j1' }));
    const usage = await writer.measure(
      [
        costLimit('9', { key: 'all' }),
        costLimit('9', { key: 'today', since: T0 }),
        { ...costLimit('9'), key: 'alice-tokens', metric: 'tokens', principalId: 'alice' },
        { ...costLimit('9'), key: 'requests', metric: 'requests' },
        { ...costLimit('9'), key: 'j1-tools', metric: 'toolCalls', jobId: 'j1' },
        costLimit('9', { key: 'bob', principalId: 'bob' }),
      ],
      T0,
    );
    expect(usage.map((u) => [u.key, u.used.toString(), u.reserved.toString()])).toEqual([
      ['all', '0.75', '0.03'],
      ['today', '0.25', '0.03'],
      ['alice-tokens', '10', '100'],
      ['requests', '2', '1'],
      ['j1-tools', '1', '0'],
      ['bob', '0.25', '0'],
    ]);
    expect(await writer.measure([], T0)).toEqual([]);
  });

  it('stops counting a reservation once it expires, is released or settled', async () => {
    const writer = await makeWriter();
    await writer.reserve(reservation('expiring', { expiresAt: T0 + 10 }));
    await writer.reserve(reservation('released'));
    const reserved = async (now: number) =>
      (await writer.measure([costLimit('1')], now))[0]!.reserved.toString();
    expect(await reserved(T0 + 9)).toBe('0.06');
    expect(await reserved(T0 + 10)).toBe('0.03');
    expect(await writer.releaseReservation('released')).toBe('open');
    expect(await writer.releaseReservation('released')).toBe('released');
    expect(await writer.settleReservation('released', [event()])).toBe('released');
    expect(await reserved(T0)).toBe('0.03');
    expect(await writer.settleReservation('expiring', [event({ cost: '0.01' })])).toBe('open');
    expect(await reserved(T0)).toBe('0');
    expect(await writer.releaseReservation('missing')).toBe('unknown');
    expect((await writer.getUsage()).cost.toString()).toBe('0.01');
  });

  it('lets soft limits through while reporting them', async () => {
    const writer = await makeWriter();
    await writer.write(event({ cost: '0.99' }));
    const outcome = await writer.reserve(
      reservation('soft', { limits: [costLimit('1', { enforce: false })] }),
    );
    expect(outcome.reserved).toBe(true);
    expect(outcome.usage[0]!.used.toString()).toBe('0.99');
    const hard = await writer.reserve(reservation('hard', { limits: [costLimit('1')] }));
    expect(hard).toMatchObject({ reserved: false });
    expect(hard.usage[0]!.reserved.toString()).toBe('0.03');
  });

  it('stores a reservation, in one statement, only while the budgets it was sized by are the current ones', async () => {
    const db = await backend.db();
    const statements: string[] = [];
    const counted: SqlDatabase = {
      kind: db.kind,
      query: (text, params) => {
        statements.push(text);
        return db.query(text, params);
      },
      transaction: (work) => db.transaction(work),
    };
    const options = { schema: backend.schema, tableName: uniqueName('budgets') };
    const budgetStore = new PostgresBudgetStore(db, options);
    const elsewhere = new PostgresBudgetStore(db, options);
    const writer = new PostgresLedgerWriter(counted, {
      schema: backend.schema,
      tableName: uniqueName('ledger'),
      budgetStore,
    });
    await Promise.all([writer.migrate(), budgetStore.ready()]);
    const identity = { scopeId: 'tenant', principalId: 'alice' };
    await elsewhere.set(budget({ scopeId: 'tenant', maxCostDaily: '0.10', maxTokensTotal: 500 }));
    const seen = await budgetStore.applicable(identity);
    for (const limits of [[], [costLimit('1.00')]]) {
      statements.length = 0;
      const fresh = await writer.reserve(
        reservation(`fresh-${limits.length}`, { limits, budgets: { identity, expected: seen } }),
      );
      expect(fresh).toMatchObject({ reserved: true });
      expect(fresh.budgets).toBeUndefined();
      expect(statements).toHaveLength(1);
    }
    await elsewhere.set(budget({ scopeId: 'tenant', principalId: 'alice', maxTokensDaily: 50 }));
    for (const limits of [[], [costLimit('1.00')]]) {
      statements.length = 0;
      const stale = await writer.reserve(
        reservation(`stale-${limits.length}`, { limits, budgets: { identity, expected: seen } }),
      );
      expect(stale.reserved).toBe(false);
      expect(stale.budgets).toEqual(await budgetStore.applicable(identity));
      expect(statements).toHaveLength(1);
    }
    expect((await writer.measure([costLimit('1')], T0))[0]!.reserved.toString()).toBe('0.06');
  });

  it('never overspends under 100 concurrent reservations', async () => {
    const writer = await makeWriter();
    await writer.migrate();
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => writer.reserve(reservation(`r${i}`))),
    );
    expect(outcomes.filter((o) => o.reserved)).toHaveLength(33);
    const [usage] = await writer.measure([costLimit('1')], T0);
    expect(usage!.reserved.toString()).toBe('0.99');
  });
});

describe('PostgresLedgerWriter across processes', () => {
  it('never overspends when 100 reservations race from 5 pools on the real server', async () => {
    const tableName = uniqueName('ledger');
    const pools = Array.from({ length: 5 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 10 }));
    try {
      const writers = pools.map(
        (pool) => new PostgresLedgerWriter(pool, { schema: postgres.schema, tableName }),
      );
      await writers[0]!.write(event({ cost: '0.10' }));
      const limits = [costLimit('1.00'), { ...costLimit('2000'), key: 'tokens', metric: 'tokens' as const }];
      const outcomes = await Promise.all(
        Array.from({ length: 100 }, (_, i) => writers[i % 5]!.reserve(reservation(`r${i}`, { limits }))),
      );
      // 0.10 used leaves room for 30 reservations of 0.03 (0.90), and 2000 tokens for 20 of 100: tokens bind.
      expect(outcomes.filter((o) => o.reserved)).toHaveLength(20);
      const [cost, tokens] = await writers[1]!.measure(limits, T0);
      expect(cost!.reserved.toString()).toBe('0.6');
      expect(tokens!.reserved.toString()).toBe('2000');
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});

describe('PostgresLedgerWriter closing a reservation another session closes', () => {
  it('a settle that waited on a release that committed meanwhile reports it released and stores nothing', async () => {
    const tableName = uniqueName('ledger');
    const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
    const other = await pool.connect();
    try {
      const writer = new PostgresLedgerWriter(pool, { schema: postgres.schema, tableName });
      await writer.reserve(reservation('r1'));
      await other.query('BEGIN');
      await other.query(
        `UPDATE "${postgres.schema}"."${tableName}_reservations" SET state = 'released' WHERE reservation_id = 'r1'`,
      );
      const settling = writer.settleReservation('r1', [event({ eventId: 'late' })]);
      // the settle takes its snapshot (r1 open), then waits for the row lock; asked outside that transaction,
      // whose view of pg_stat_activity would stay as first read
      for (let i = 0; i < 250 && !(await waitingOnLock(pool, tableName)); i++)
        await new Promise((resolve) => setTimeout(resolve, 20));
      expect(await waitingOnLock(pool, tableName)).toBe(true);
      await other.query('COMMIT');
      expect(await settling).toBe('released');
      expect(await writer.listEvents()).toEqual([]);
    } finally {
      other.release();
      await pool.end();
    }
  });
});

async function waitingOnLock(client: pg.Pool, tableName: string): Promise<boolean> {
  const { rows } = await client.query(
    `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE $1`,
    [`%UPDATE %${tableName}_reservations%`],
  );
  return rows.length > 0;
}
