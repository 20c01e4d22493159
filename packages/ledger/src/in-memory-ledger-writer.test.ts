import { Decimal, withoutUndefined } from '@agent-runtime/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BudgetLimit } from './budget-limit';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import { describeLedgerWriterContract } from './testing';
import { matchesUsageFilter } from './usage-filter';
import { addEventToUsage, emptyUsage, type UsageRecord } from './usage-record';

describeLedgerWriterContract('InMemoryLedgerWriter', () => new InMemoryLedgerWriter());

it('refuses something that is not a LedgerEvent', async () => {
  const writer = new InMemoryLedgerWriter();
  await expect(writer.write({ type: 'model_usage' } as unknown as LedgerEvent)).rejects.toThrow('event');
  expect(await writer.listEvents()).toEqual([]);
});

it('refuses a reservation id that already exists', async () => {
  const writer = new InMemoryLedgerWriter();
  const request = {
    reservationId: 'r1',
    scopeId: 's',
    amount: { tokens: 1, cost: new Decimal(0), requests: 0, toolCalls: 0 },
    limits: [],
    now: 0,
    expiresAt: 10,
  };
  await writer.reserve(request);
  await expect(writer.reserve(request)).rejects.toThrow('request.reservationId');
});

describe('indexes', () => {
  const T0 = Date.UTC(2026, 0, 1);
  const tenant = 'tenant-1';
  const amount = { tokens: 10, cost: new Decimal('0.01'), requests: 1, toolCalls: 0 };
  const limits = (jobId: string): BudgetLimit[] => [
    { key: 'day', metric: 'tokens', scopeId: tenant, since: T0, max: new Decimal(1e12), enforce: true },
    { key: 'cost', metric: 'cost', scopeId: tenant, max: new Decimal(1e12), enforce: true },
    {
      key: 'user',
      metric: 'requests',
      scopeId: tenant,
      principalId: 'u1',
      max: new Decimal(1e12),
      enforce: true,
    },
    {
      key: 'job',
      metric: 'tokens',
      scopeId: tenant,
      principalId: 'u1',
      jobId,
      max: new Decimal(1e12),
      enforce: true,
    },
  ];
  const usage = (i: number) =>
    new LedgerEvent({
      type: LedgerEventType.MODEL_USAGE,
      timestamp: T0 + i,
      scopeId: tenant,
      principalId: 'u1',
      jobId: `job-${i % 50}`,
      inputTokens: 10,
      cost: '0.01',
    });

  /** Counts every property read on objects it wraps: the events and reservations of the history. */
  const reads = { count: 0 };
  const watched = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        reads.count++;
        return Reflect.get(object, property, receiver);
      },
    });

  /** Reads of history objects during one reserve + settle cycle, after `history` events (half of them settled). */
  async function readsPerCycle(history: number): Promise<number> {
    const writer = new InMemoryLedgerWriter();
    for (let i = 0; i < history / 2; i++) await writer.write(watched(usage(i)));
    for (let i = history / 2; i < history; i++) await cycle(writer, i, watched);
    const before = reads.count;
    await cycle(writer, history, (x) => x);
    return reads.count - before;
  }

  async function cycle(writer: InMemoryLedgerWriter, i: number, wrap: <T extends object>(x: T) => T) {
    const jobId = `job-${i % 50}`;
    const now = T0 + i;
    const request = { reservationId: `r${i}`, scopeId: tenant, principalId: 'u1', jobId, amount, now };
    const outcome = await writer.reserve(wrap({ ...request, limits: limits(jobId), expiresAt: now + 1000 }));
    expect(outcome.reserved).toBe(true);
    await writer.settleReservation(request.reservationId, [wrap(usage(i))]);
  }

  it('a budget check reads a few history entries per limit, however long the history', async () => {
    const small = await readsPerCycle(100);
    const large = await readsPerCycle(10_000);
    // Scanning would read every one of the 10,000 events; a binary search reads under 14 per bound.
    expect(large).toBeGreaterThan(0);
    expect(large).toBeLessThanOrEqual(4 * 2 * 14 + 6);
    expect(large - small).toBeLessThanOrEqual(4 * 2 * 7);
  });

  it('counts an open reservation only under the limits that cover it', async () => {
    const writer = new InMemoryLedgerWriter();
    const request = {
      reservationId: 'r1',
      scopeId: tenant,
      principalId: 'u1',
      jobId: 'job-1',
      now: T0,
      expiresAt: T0 + 10,
    };
    await writer.reserve({ ...request, amount, limits: [] });
    const held = async (limit: Partial<BudgetLimit>, now = T0) =>
      (await writer.measure([{ ...limits('job-1')[0]!, ...limit }], now))[0]!.reserved.toString();
    expect(await held({})).toBe('10');
    expect(await held({ principalId: 'u1', jobId: 'job-1' })).toBe('10');
    expect(await held({ principalId: 'u2' })).toBe('0');
    expect(await held({ jobId: 'job-2' })).toBe('0');
    expect(await held({}, T0 + 10)).toBe('0');
    await writer.releaseReservation('r1');
    expect(await held({})).toBe('0');
  });

  it('agrees with filtering every event, for any events and filter', async () => {
    const ids = (prefix: string) =>
      fc.option(fc.constantFrom(`${prefix}1`, `${prefix}2`), { nil: undefined });
    const stamp = fc.option(fc.integer({ min: 0, max: 10 }), { nil: undefined });
    const identity = fc.record({ scopeId: ids('s'), principalId: ids('u'), jobId: ids('j') });
    const eventArb = fc.record({
      scopeId: fc.constantFrom('s1', 's2'),
      principalId: ids('u'),
      jobId: ids('j'),
      timestamp: fc.integer({ min: 0, max: 10 }),
      tool: fc.boolean(),
      tokens: fc.integer({ min: 0, max: 100 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArb, { maxLength: 25 }),
        identity,
        stamp,
        stamp,
        async (inits, who, since, until) => {
          const writer = new InMemoryLedgerWriter();
          const events = inits.map(
            ({ tool, tokens, timestamp, ...rest }) =>
              new LedgerEvent({
                ...withoutUndefined(rest),
                type: tool ? LedgerEventType.TOOL_USAGE : LedgerEventType.MODEL_USAGE,
                timestamp: T0 + timestamp,
                inputTokens: tokens,
                cost: `0.0${tokens}`,
              }),
          );
          for (const event of events) await writer.write(event);
          const filter = withoutUndefined({
            ...who,
            since: since === undefined ? undefined : T0 + since,
            until: until === undefined ? undefined : T0 + until,
          });
          const expected = events
            .filter((e) => matchesUsageFilter(e, filter))
            .sort((a, b) => a.timestamp - b.timestamp);
          expect(await writer.listEvents(filter)).toEqual(expected);
          const show = (u: UsageRecord) => ({ ...u, cost: u.cost.toString() });
          expect(show(await writer.getUsage(filter))).toEqual(
            show(expected.reduce(addEventToUsage, emptyUsage())),
          );
          if (filter.scopeId === undefined) return;
          const limit: BudgetLimit = withoutUndefined({
            ...who,
            scopeId: filter.scopeId,
            since: filter.since,
            key: 'k',
            metric: 'cost' as const,
            max: new Decimal(1),
            enforce: true,
          });
          const [measured] = await writer.measure([limit], T0);
          const inWindow = events.filter((e) => matchesUsageFilter(e, limit));
          expect(measured?.used.toString()).toBe(
            inWindow.reduce((sum, e) => sum.plus(e.cost), new Decimal(0)).toString(),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
