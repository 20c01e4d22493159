import { ExecutionContext, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { InMemoryLedgerWriter } from './in-memory-ledger-writer';
import { Ledger } from './ledger';

describe('Ledger scoped usage reads', () => {
  let ledger: Ledger;

  beforeEach(async () => {
    ledger = new Ledger(new InMemoryLedgerWriter());
    const record = (scopeId: string, jobId: string, inputTokens: number) =>
      ledger.recordModelUsage(
        new ExecutionContext({ scopeId, jobId }),
        { inputTokens, outputTokens: 0, totalTokens: inputTokens },
        { provider: 'p', model: 'm', cost: '0.01' },
      );
    await record('tenant-a', 'job-a', 10);
    await record('tenant-b', 'job-b', 200);
  });

  it("getUsage with scopeId counts only that scope's events, also for another scope's job id", async () => {
    expect((await ledger.getUsage({}, { scopeId: 'tenant-a' })).totalTokens).toBe(10);
    expect((await ledger.getUsage({ jobId: 'job-b' }, { scopeId: 'tenant-a' })).totalTokens).toBe(0);
    expect((await ledger.getUsage({ scopeId: 'tenant-b' }, { scopeId: 'tenant-a' })).requests).toBe(0);
    expect((await ledger.getUsage()).totalTokens).toBe(210);
  });

  it("listEvents with scopeId lists only that scope's events", async () => {
    const events = await ledger.listEvents({}, { scopeId: 'tenant-b' });
    expect(events.map((e) => e.jobId)).toEqual(['job-b']);
    expect(await ledger.listEvents({ scopeId: 'tenant-a' }, { scopeId: 'tenant-b' })).toEqual([]);
  });

  it('refuses bad filters and options with ValidationError', async () => {
    await expect(ledger.getUsage({}, { scopeId: '' })).rejects.toThrow(ValidationError);
    await expect(ledger.getUsage({ since: -1 }, { scopeId: 'tenant-a' })).rejects.toThrow(/filter\.since/);
    await expect(ledger.listEvents({}, { tenant: 'a' } as never)).rejects.toThrow(/options/);
  });
});
