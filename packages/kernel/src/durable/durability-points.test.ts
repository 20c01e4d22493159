import { expect, it } from 'vitest';
import { statementsOfAToolJob } from '../test-support/tool-job-statements';

/** False for a statement that turns synchronous_commit off for its own commit. */
const synchronous = ({ text }: { text: string }) =>
  !text.includes("set_config('synchronous_commit', 'off', true)");

it("a job with a tool call on createPostgresStores waits for the WAL flush only at its 7 durability points, its journal's `running` entry one of them", async () => {
  const { sent: writes } = await statementsOfAToolJob(
    ({ text }) => /\b(INSERT|UPDATE|DELETE)\b/.test(text) && /runtime_(jobs|events|ledger)/.test(text),
  );
  const journal = (state: string) =>
    writes.filter(
      (w) => /^UPDATE \S+runtime_jobs"/.test(w.text) && w.params.includes(`\\"state\\":\\"${state}\\"`),
    );
  expect(journal('running').map(synchronous)).toEqual([true]);
  expect(journal('done').map(synchronous)).toEqual([false]);
  expect(writes.filter((w) => w.params.includes('final.result')).map(synchronous)).toEqual([true]);
  // job create, 3 reservations, the journal's `running`, the terminal transition, `final.result`
  expect(writes.filter(synchronous)).toHaveLength(7);
  // 2 step checkpoints, 3 settlements, the journal's `done`, the tokens, `tool.start`, `tool.end`
  expect(writes.filter((w) => !synchronous(w)).length).toBeGreaterThanOrEqual(9);
});
