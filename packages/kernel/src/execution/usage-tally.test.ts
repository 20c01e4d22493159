import { expect, it } from 'vitest';
import { statementsOfAToolJob } from '../test-support/tool-job-statements';

it("a succeeded job's final usage on PostgreSQL comes from its reservations and settlements, with no ledger read, and equals the ledger's", async () => {
  const { sent, usage, ledgerUsage } = await statementsOfAToolJob(({ text }) =>
    /^SELECT\b.*\bFROM "[^"]+"\."runtime_ledger"( |$)/.test(text),
  );
  expect(sent).toEqual([]);
  expect(usage).toEqual(ledgerUsage);
  expect(usage.totalTokens).toBeGreaterThan(0);
});
