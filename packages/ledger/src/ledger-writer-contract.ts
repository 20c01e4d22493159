import { Decimal, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BudgetLimit, UsageAmount } from './budget-limit';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import type { LedgerWriter, ReservationRequest } from './ledger-writer';

const T0 = Date.UTC(2026, 0, 1);

/**
 * The LedgerWriter conformance suite: every store (in-memory, Postgres, yours) runs it with one call.
 * `makeWriter` returns a writer over an empty store for each test.
 */
export function describeLedgerWriterContract(
  name: string,
  makeWriter: () => LedgerWriter | Promise<LedgerWriter>,
) {
  describe(`LedgerWriter contract: ${name}`, () => {
    let writer: LedgerWriter;
    beforeEach(async () => {
      writer = await makeWriter();
    });

    describe('events', () => {
      it('round-trips every field', async () => {
        const event = usageEvent({
          jobId: 'job-1',
          runId: 'run-1',
          principalId: 'user-1',
          sessionId: 'sess-1',
          cost: '0.045',
          durationMs: 1234.5,
          metadata: { note: 'x', nested: { a: 1 } },
        });
        await writer.write(event);
        const [stored] = await writer.listEvents();
        expect(stored?.toJSON()).toEqual(event.toJSON());
        expect(stored?.cost.toString()).toBe('0.045');
      });

      it('lists oldest first, filtered, with a limit', async () => {
        await writer.write(usageEvent({ eventId: 'e3', timestamp: T0 + 3 }));
        await writer.write(usageEvent({ eventId: 'e1', timestamp: T0 + 1 }));
        await writer.write(usageEvent({ eventId: 'e2', timestamp: T0 + 2, scopeId: 'other' }));
        await writer.write(toolEvent({ eventId: 'e4', timestamp: T0 + 4 }));
        const ids = async (filter: Parameters<LedgerWriter['listEvents']>[0]) =>
          (await writer.listEvents(filter)).map((e) => e.eventId);
        expect(await ids({})).toEqual(['e1', 'e2', 'e3', 'e4']);
        expect(await ids({ scopeId: 'tenant-1' })).toEqual(['e1', 'e3', 'e4']);
        expect(await ids({ eventType: LedgerEventType.TOOL_USAGE })).toEqual(['e4']);
        expect(await ids({ since: T0 + 2, until: T0 + 4 })).toEqual(['e2', 'e3']);
        expect(await ids({ limit: 2 })).toEqual(['e1', 'e2']);
      });

      it('filters by principal and job', async () => {
        await writer.write(usageEvent({ eventId: 'a', principalId: 'u1', jobId: 'j1' }));
        await writer.write(usageEvent({ eventId: 'b', principalId: 'u2', jobId: 'j1' }));
        await writer.write(usageEvent({ eventId: 'c', principalId: 'u1', jobId: 'j2' }));
        const ids = (events: LedgerEvent[]) => events.map((e) => e.eventId).sort();
        expect(ids(await writer.listEvents({ principalId: 'u1' }))).toEqual(['a', 'c']);
        expect(ids(await writer.listEvents({ jobId: 'j1' }))).toEqual(['a', 'b']);
        expect(ids(await writer.listEvents({ principalId: 'u1', jobId: 'j1' }))).toEqual(['a']);
      });

      it('sums usage: tokens and cost over all events, requests and tool calls by type', async () => {
        await writer.write(usageEvent({ inputTokens: 100, outputTokens: 50, cost: '0.10' }));
        await writer.write(
          usageEvent({ inputTokens: 10, outputTokens: 5, cost: '0.20', timestamp: T0 + 10 }),
        );
        await writer.write(toolEvent({ cost: '0.01' }));
        await writer.write(budgetEvent());
        await writer.write(usageEvent({ scopeId: 'other', inputTokens: 1000 }));
        const usage = await writer.getUsage({ scopeId: 'tenant-1' });
        expect({ ...usage, cost: usage.cost.toString() }).toEqual({
          inputTokens: 110,
          outputTokens: 55,
          totalTokens: 165,
          cost: '0.31',
          requests: 2,
          toolCalls: 1,
        });
        expect((await writer.getUsage({ scopeId: 'tenant-1', since: T0 + 10 })).totalTokens).toBe(15);
        expect((await writer.getUsage({ scopeId: 'tenant-1', until: T0 + 10 })).requests).toBe(1);
        expect((await writer.getUsage({ scopeId: 'nobody' })).cost.toString()).toBe('0');
      });

      it('rejects bad filters with ValidationError naming the field', async () => {
        await expect(writer.listEvents({ limit: 0 })).rejects.toThrow('filter.limit');
        await expect(writer.getUsage({ since: -1 })).rejects.toThrow(ValidationError);
        await expect(writer.listEvents({ eventType: 'nope' as never })).rejects.toThrow('filter.eventType');
      });
    });

    describe('reservations', () => {
      const limit = (overrides: Partial<BudgetLimit> = {}): BudgetLimit => ({
        key: 'tokens',
        metric: 'tokens',
        scopeId: 'tenant-1',
        max: new Decimal(1000),
        enforce: true,
        ...overrides,
      });

      it('reserves within a hard limit and counts the reservation', async () => {
        await writer.write(usageEvent({ inputTokens: 600, outputTokens: 0 }));
        const first = await writer.reserve(request('r1', { tokens: 300 }, [limit()]));
        expect(first.reserved).toBe(true);
        expect(first.usage.map(show)).toEqual([{ key: 'tokens', used: '600', reserved: '0' }]);
        const second = await writer.reserve(request('r2', { tokens: 101 }, [limit()]));
        expect(second.reserved).toBe(false);
        expect(second.usage.map(show)).toEqual([{ key: 'tokens', used: '600', reserved: '300' }]);
        expect((await writer.reserve(request('r3', { tokens: 100 }, [limit()]))).reserved).toBe(true);
        expect((await writer.measure([limit()], T0)).map(show)).toEqual([
          { key: 'tokens', used: '600', reserved: '400' },
        ]);
      });

      it('a refused reservation stores nothing', async () => {
        expect((await writer.reserve(request('big', { tokens: 2000 }, [limit()]))).reserved).toBe(false);
        expect((await writer.measure([limit()], T0))[0]?.reserved.toString()).toBe('0');
        expect(await writer.releaseReservation('big')).toBe('unknown');
      });

      it('only hard limits refuse; soft limits are measured', async () => {
        const soft = limit({ key: 'soft', enforce: false, max: new Decimal(1) });
        const outcome = await writer.reserve(request('r1', { tokens: 500 }, [limit(), soft]));
        expect(outcome.reserved).toBe(true);
        expect(outcome.usage.map((u) => u.key)).toEqual(['tokens', 'soft']);
      });

      it('measures each metric', async () => {
        await writer.write(usageEvent({ inputTokens: 7, outputTokens: 3, cost: '0.5' }));
        await writer.write(toolEvent({ cost: '0.25' }));
        await writer.reserve(
          request('r1', { tokens: 5, cost: '0.1', requests: 1, toolCalls: 2 }, [
            limit({ max: new Decimal(1e9) }),
          ]),
        );
        const metrics = ['tokens', 'cost', 'requests', 'toolCalls'] as const;
        const usage = await writer.measure(
          metrics.map((metric) => limit({ key: metric, metric, max: new Decimal(1e9) })),
          T0,
        );
        expect(usage.map(show)).toEqual([
          { key: 'tokens', used: '10', reserved: '5' },
          { key: 'cost', used: '0.75', reserved: '0.1' },
          { key: 'requests', used: '1', reserved: '1' },
          { key: 'toolCalls', used: '1', reserved: '2' },
        ]);
      });

      it('applies principal, job and window filters to events and principal/job to reservations', async () => {
        await writer.write(
          usageEvent({ principalId: 'u1', jobId: 'j1', inputTokens: 1, outputTokens: 0, timestamp: T0 - 1 }),
        );
        await writer.write(usageEvent({ principalId: 'u1', jobId: 'j1', inputTokens: 10, outputTokens: 0 }));
        await writer.write(usageEvent({ principalId: 'u2', jobId: 'j2', inputTokens: 100, outputTokens: 0 }));
        await writer.reserve({ ...request('r1', { tokens: 1000 }, []), principalId: 'u1', jobId: 'j1' });
        await writer.reserve({ ...request('r2', { tokens: 10_000 }, []), principalId: 'u2', jobId: 'j2' });
        const usage = await writer.measure(
          [
            limit({ key: 'scope' }),
            limit({ key: 'scope-window', since: T0 }),
            limit({ key: 'u1', principalId: 'u1' }),
            limit({ key: 'j2', jobId: 'j2' }),
            limit({ key: 'other-scope', scopeId: 'other' }),
          ],
          T0,
        );
        expect(usage.map(show)).toEqual([
          { key: 'scope', used: '111', reserved: '11000' },
          { key: 'scope-window', used: '110', reserved: '11000' },
          { key: 'u1', used: '11', reserved: '1000' },
          { key: 'j2', used: '100', reserved: '10000' },
          { key: 'other-scope', used: '0', reserved: '0' },
        ]);
      });

      it('applies session filters to events, reservations and usage totals', async () => {
        await writer.write(
          usageEvent({ sessionId: 's1', principalId: 'u1', inputTokens: 5, outputTokens: 0 }),
        );
        await writer.write(
          usageEvent({ sessionId: 's2', principalId: 'u1', inputTokens: 50, outputTokens: 0 }),
        );
        await writer.write(usageEvent({ inputTokens: 500, outputTokens: 0 }));
        await writer.reserve({ ...request('r1', { tokens: 7 }, []), sessionId: 's1', principalId: 'u1' });
        await writer.reserve({ ...request('r2', { tokens: 70 }, []), sessionId: 's2' });
        const usage = await writer.measure(
          [
            limit({ key: 's1', sessionId: 's1' }),
            limit({ key: 'u1-s1', principalId: 'u1', sessionId: 's1' }),
            limit({ key: 'u1-s2', principalId: 'u1', sessionId: 's2' }),
          ],
          T0,
        );
        expect(usage.map(show)).toEqual([
          { key: 's1', used: '5', reserved: '7' },
          { key: 'u1-s1', used: '5', reserved: '7' },
          { key: 'u1-s2', used: '50', reserved: '0' },
        ]);
        expect((await writer.getUsage({ scopeId: 'tenant-1', sessionId: 's2' })).totalTokens).toBe(50);
        expect((await writer.getUsage({ sessionId: 's1', since: T0 })).totalTokens).toBe(5);
        const ids = (await writer.listEvents({ sessionId: 's1' })).map((e) => e.sessionId);
        expect(ids).toEqual(['s1']);
      });

      it('an expired reservation no longer holds headroom', async () => {
        await writer.reserve(request('r1', { tokens: 1000 }, [limit()], { expiresAt: T0 + 1000 }));
        expect(
          (await writer.reserve(request('r2', { tokens: 1 }, [limit()], { now: T0 + 999 }))).reserved,
        ).toBe(false);
        expect(
          (await writer.reserve(request('r3', { tokens: 1 }, [limit()], { now: T0 + 1000 }))).reserved,
        ).toBe(true);
      });

      it('settle moves usage from reserved to used, once', async () => {
        await writer.reserve(request('r1', { tokens: 500 }, [limit()]));
        const actual = usageEvent({ eventId: 'actual', inputTokens: 400, outputTokens: 0 });
        expect(await writer.settleReservation('r1', [actual])).toBe('open');
        expect((await writer.measure([limit()], T0)).map(show)).toEqual([
          { key: 'tokens', used: '400', reserved: '0' },
        ]);
        expect(await writer.settleReservation('r1', [actual.with({ eventId: 'again' })])).toBe('settled');
        expect((await writer.listEvents()).map((e) => e.eventId)).toEqual(['actual']);
        expect(await writer.releaseReservation('r1')).toBe('settled');
      });

      it('an expired reservation can still be settled (the usage happened)', async () => {
        await writer.reserve(request('r1', { tokens: 500 }, [limit()], { expiresAt: T0 + 1 }));
        expect(await writer.settleReservation('r1', [usageEvent({ eventId: 'late' })])).toBe('open');
        expect((await writer.listEvents()).map((e) => e.eventId)).toEqual(['late']);
      });

      it('release frees the headroom and writes nothing', async () => {
        await writer.reserve(request('r1', { tokens: 1000 }, [limit()]));
        expect(await writer.releaseReservation('r1')).toBe('open');
        expect(await writer.releaseReservation('r1')).toBe('released');
        expect(await writer.settleReservation('r1', [usageEvent()])).toBe('released');
        expect(await writer.listEvents()).toEqual([]);
        expect((await writer.reserve(request('r2', { tokens: 1000 }, [limit()]))).reserved).toBe(true);
        expect(await writer.settleReservation('nope', [usageEvent()])).toBe('unknown');
      });

      it('a reservation under no limit is held too: a limit measured later counts it', async () => {
        expect((await writer.reserve(request('free', { tokens: 300 }, []))).reserved).toBe(true);
        expect((await writer.measure([limit()], T0))[0]?.reserved.toString()).toBe('300');
        expect((await writer.reserve(request('over', { tokens: 701 }, [limit()]))).reserved).toBe(false);
        expect(await writer.settleReservation('free', [usageEvent({ eventId: 'used' })])).toBe('open');
      });

      it('concurrent settles and releases of one reservation: one closes it, its events are stored once', async () => {
        await writer.reserve(request('r1', { tokens: 500 }, [limit()]));
        const closes = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0
              ? writer.settleReservation('r1', [usageEvent({ eventId: `settle-${i}` })])
              : writer.releaseReservation('r1'),
          ),
        );
        const winner = closes.indexOf('open');
        expect(closes.filter((state) => state === 'open')).toHaveLength(1);
        const closedAs = winner % 2 === 0 ? 'settled' : 'released';
        expect(closes.filter((state) => state !== 'open').every((state) => state === closedAs)).toBe(true);
        const stored = (await writer.listEvents()).map((event) => event.eventId);
        expect(stored).toEqual(closedAs === 'settled' ? [`settle-${winner}`] : []);
      });

      it('concurrent reservations never overcommit a hard limit', async () => {
        const costLimit = limit({ key: 'cost', metric: 'cost', max: new Decimal('1.00') });
        const outcomes = await Promise.all(
          Array.from({ length: 100 }, (_, i) =>
            writer.reserve(request(`r${i}`, { cost: '0.03' }, [costLimit])),
          ),
        );
        expect(outcomes.filter((o) => o.reserved)).toHaveLength(33);
        expect((await writer.measure([costLimit], T0))[0]?.reserved.toString()).toBe('0.99');
      });

      it('concurrent reserve → settle cycles never overspend', async () => {
        const costLimit = limit({ key: 'cost', metric: 'cost', max: new Decimal('1.00') });
        await Promise.all(
          Array.from({ length: 100 }, async (_, i) => {
            const id = `r${i}`;
            const outcome = await writer.reserve(request(id, { cost: '0.07' }, [costLimit]));
            if (outcome.reserved) await writer.settleReservation(id, [usageEvent({ cost: '0.07' })]);
          }),
        );
        const usage = await writer.getUsage({ scopeId: 'tenant-1' });
        expect(usage.cost.toString()).toBe('0.98');
        expect(usage.requests).toBe(14);
      });
    });
  });
}

function usageEvent(overrides: Partial<ConstructorParameters<typeof LedgerEvent>[0]> = {}): LedgerEvent {
  return new LedgerEvent({
    type: LedgerEventType.MODEL_USAGE,
    timestamp: T0,
    scopeId: 'tenant-1',
    provider: 'openai',
    model: 'gpt-4',
    inputTokens: 1,
    outputTokens: 1,
    ...overrides,
  });
}

function toolEvent(overrides: Partial<ConstructorParameters<typeof LedgerEvent>[0]> = {}): LedgerEvent {
  return usageEvent({ type: LedgerEventType.TOOL_USAGE, inputTokens: 0, outputTokens: 0, ...overrides });
}

function budgetEvent(): LedgerEvent {
  return usageEvent({ type: LedgerEventType.BUDGET_WARNING, inputTokens: 0, outputTokens: 0 });
}

function request(
  reservationId: string,
  amount: { tokens?: number; cost?: string; requests?: number; toolCalls?: number },
  limits: BudgetLimit[],
  times: { now?: number; expiresAt?: number } = {},
): ReservationRequest {
  const full: UsageAmount = {
    tokens: amount.tokens ?? 0,
    cost: new Decimal(amount.cost ?? 0),
    requests: amount.requests ?? 0,
    toolCalls: amount.toolCalls ?? 0,
  };
  return {
    reservationId,
    scopeId: 'tenant-1',
    amount: full,
    limits,
    now: times.now ?? T0,
    expiresAt: times.expiresAt ?? T0 + 60_000,
  };
}

function show(usage: { key: string; used: Decimal; reserved: Decimal }) {
  return { key: usage.key, used: usage.used.toString(), reserved: usage.reserved.toString() };
}
