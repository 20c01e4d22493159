import { expect, it } from 'vitest';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import type { LedgerEvent } from './ledger-event';
import { describeLedgerWriterContract } from './testing';

describeLedgerWriterContract('InMemoryLedgerWriter', () => new InMemoryLedgerWriter());

it('refuses something that is not a LedgerEvent', async () => {
  const writer = new InMemoryLedgerWriter();
  await expect(writer.write({ type: 'model_usage' } as unknown as LedgerEvent)).rejects.toThrow('event');
  expect(await writer.listEvents()).toEqual([]);
});

it('refuses a reservation id that already exists', async () => {
  const writer = new InMemoryLedgerWriter();
  const { Decimal } = await import('@agent-runtime/core');
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
