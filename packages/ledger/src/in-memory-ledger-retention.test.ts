import { Decimal, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import type { BudgetLimit } from './budget-limit';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import { dayStart, minuteStart, monthStart } from './windows';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const DAY = 86_400_000;
const tenant = 'tenant-1';
const amount = { tokens: 10, cost: new Decimal('0.01'), requests: 1, toolCalls: 0 };

function usage(i: number, timestamp: number, jobId = `job-${i}`): LedgerEvent {
  return new LedgerEvent({
    eventId: `e${i}`,
    type: LedgerEventType.MODEL_USAGE,
    timestamp,
    scopeId: tenant,
    principalId: 'u1',
    jobId,
    inputTokens: 10,
    cost: '0.01',
  });
}

function tokenLimit(key: string, since: number | undefined, max: number): BudgetLimit {
  return { key, metric: 'tokens', scopeId: tenant, since, max: new Decimal(max), enforce: true };
}

describe('InMemoryLedgerWriter retention', () => {
  it('keeps daily, monthly, per-minute and all-time budget checks exact after rolling events up', async () => {
    const writer = new InMemoryLedgerWriter({ retention: { events: 5, jobs: 5 } });
    // 45 days, 40 events a day 30 minutes apart, written out of order every 7th event
    const stamps = Array.from({ length: 45 * 40 }, (_, i) => T0 + i * 30 * MINUTE + (i % 7) * 1000);
    const order = stamps.map((_, i) => i).sort((a, b) => (a % 7) - (b % 7) || a - b);
    for (const i of order) await writer.write(usage(i, stamps[i]!));
    const now = stamps.at(-1)!;
    const tokensSince = (since: number | undefined) =>
      10 * stamps.filter((t) => since === undefined || t >= since).length;
    for (const [key, since] of [
      ['total', undefined],
      ['month', monthStart(now)],
      ['day', dayStart(now)],
      ['minute', minuteStart(now)],
    ] as const) {
      const used = tokensSince(since);
      const [measured] = await writer.measure([tokenLimit(key, since, used)], now);
      expect(measured!.used.toNumber(), key).toBe(used);
      const fits = await writer.reserve({
        reservationId: `fits-${key}`,
        scopeId: tenant,
        amount,
        limits: [tokenLimit(key, since, used + 10)],
        now,
        expiresAt: now + 1000,
      });
      expect(fits.reserved, key).toBe(true);
      await writer.releaseReservation(`fits-${key}`);
      const over = await writer.reserve({
        reservationId: `over-${key}`,
        scopeId: tenant,
        amount,
        limits: [tokenLimit(key, since, used + 9)],
        now,
        expiresAt: now + 1000,
      });
      expect(over.reserved, key).toBe(false);
    }
    expect((await writer.getUsage({ scopeId: tenant, since: T0 + 10 * DAY })).totalTokens).toBe(
      tokensSince(T0 + 10 * DAY),
    );
  });

  it('lists only the newest retention.events events', async () => {
    const writer = new InMemoryLedgerWriter({ retention: { events: 3 } });
    for (let i = 0; i < 10; i++) await writer.write(usage(i, T0 + i));
    expect((await writer.listEvents()).map((e) => e.eventId)).toEqual(['e7', 'e8', 'e9']);
    expect((await writer.getUsage({ scopeId: tenant })).totalTokens).toBe(100);
  });

  it('drops the usage of the least recently written job beyond retention.jobs, never one with an open reservation', async () => {
    const writer = new InMemoryLedgerWriter({ retention: { jobs: 2 } });
    await writer.reserve({
      reservationId: 'held',
      scopeId: tenant,
      principalId: 'u1',
      jobId: 'job-held',
      amount,
      limits: [],
      now: T0,
      expiresAt: T0 + 1000,
    });
    await writer.write(usage(0, T0, 'job-held'));
    for (let i = 1; i <= 4; i++) await writer.write(usage(i, T0 + i));
    expect((await writer.getUsage({ jobId: 'job-held' })).totalTokens).toBe(10);
    expect((await writer.getUsage({ jobId: 'job-1' })).totalTokens).toBe(0);
    expect((await writer.getUsage({ scopeId: tenant, jobId: 'job-2' })).totalTokens).toBe(0);
    expect((await writer.getUsage({ jobId: 'job-4' })).totalTokens).toBe(10);
    expect((await writer.getUsage({ scopeId: tenant })).totalTokens).toBe(50);
  });

  it('forgets closed reservations beyond retention.events, and never an open one', async () => {
    const writer = new InMemoryLedgerWriter({ retention: { events: 2 } });
    const reserve = (id: string) =>
      writer.reserve({ reservationId: id, scopeId: tenant, amount, limits: [], now: T0, expiresAt: T0 + 10 });
    await reserve('open');
    for (const id of ['a', 'b', 'c']) {
      await reserve(id);
      await writer.settleReservation(id, []);
    }
    expect(await writer.settleReservation('a', [])).toBe('unknown');
    expect(await writer.settleReservation('c', [])).toBe('settled');
    expect(await writer.releaseReservation('open')).toBe('open');
  });

  it('rejects a bad retention naming the field', () => {
    expect(() => new InMemoryLedgerWriter({ retention: { events: 0 } })).toThrow('options.retention.events');
    expect(() => new InMemoryLedgerWriter({ retention: { jobs: 1.5 } })).toThrow(ValidationError);
    expect(() => new InMemoryLedgerWriter({ retention: { other: 1 } as never })).toThrow('options.retention');
  });
});
