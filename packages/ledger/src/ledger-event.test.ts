import { Decimal, ExecutionContext } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { Ledger } from './ledger';
import { LedgerEvent } from './ledger-event';

describe('LedgerEvent', () => {
  it('fills the defaults and keeps what it is given', () => {
    const event = new LedgerEvent({ type: 'tool_usage', timestamp: 5, scopeId: 's', jobId: 'j' });
    expect(event.toJSON()).toEqual({
      eventId: event.eventId,
      type: 'tool_usage',
      timestamp: 5,
      jobId: 'j',
      scopeId: 's',
      provider: '',
      model: '',
      inputTokens: 0,
      outputTokens: 0,
      totalTokens: 0,
      cost: '0',
      durationMs: 0,
      metadata: {},
    });
    const priced = new LedgerEvent({
      type: 'model_usage',
      timestamp: 5,
      scopeId: 's',
      cost: '0.25',
      inputTokens: 2,
    });
    expect(priced.cost).toBeInstanceOf(Decimal);
    expect(priced.cost.toString()).toBe('0.25');
    expect(priced.totalTokens).toBe(2);
  });

  it.each([
    [{ provider: 'p\u0000' }, 'ledgerEvent.provider'],
    [{ inputTokens: -1 }, 'ledgerEvent.inputTokens'],
    [{ timestamp: 1.5 }, 'ledgerEvent.timestamp'],
    [{ scopeId: '' }, 'ledgerEvent.scopeId'],
    [{ jobId: 'x'.repeat(256) }, 'ledgerEvent.jobId'],
    [{ cost: '-1' }, 'ledgerEvent.cost'],
    [{ durationMs: Number.NaN }, 'ledgerEvent.durationMs'],
    [{ metadata: { at: new Date() } }, 'ledgerEvent.metadata.at'],
    [{ type: 'spend' }, 'ledgerEvent.type'],
    [{ colour: 'red' }, 'ledgerEvent'],
  ])('refuses %j naming %s', (patch, field) => {
    const init = { type: 'model_usage', timestamp: 5, scopeId: 's', ...patch } as never;
    expect(() => new LedgerEvent(init)).toThrow(expect.objectContaining({ name: 'ValidationError', field }));
  });

  it('a model step whose provider no store can keep is refused at the edge, and nothing is written', async () => {
    const writer = new InMemoryLedgerWriter();
    const ledger = new Ledger(writer);
    const ctx = new ExecutionContext({ scopeId: 's', jobId: 'j' });
    await expect(
      ledger.recordModelUsage(ctx, { inputTokens: 1 }, { provider: 'p\u0000', model: 'm' }),
    ).rejects.toThrow(expect.objectContaining({ name: 'ValidationError', field: 'ledgerEvent.provider' }));
    await expect(
      ledger.recordModelUsage(ctx, { inputTokens: -1 }, { provider: 'p', model: 'm' }),
    ).rejects.toThrow('usage.inputTokens');
    expect(await writer.listEvents()).toEqual([]);
  });
});
