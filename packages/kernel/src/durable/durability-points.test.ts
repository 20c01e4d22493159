import { expect, it } from 'vitest';
import { statementsOfAToolJob } from '../test-support/tool-job-statements';

/** False for a statement that turns synchronous_commit off for its own commit. */
const synchronous = ({ text }: { text: string }) =>
  !text.includes("set_config('synchronous_commit', 'off', true)");

it("a job with a tool call on createPostgresStores waits for the WAL flush only at its 6 durability points, its journal's `running` entry one of them", async () => {
  const { sent: writes } = await statementsOfAToolJob(
    ({ text }) => /\b(INSERT|UPDATE|DELETE)\b/.test(text) && /runtime_(jobs|events|ledger)/.test(text),
  );
  // the journal's entry and the call's event in one write of the job
  const journal = (state: string, event: string) => {
    const carrying = writes.filter((w) => w.params.includes(event));
    expect(carrying).toHaveLength(1);
    expect(carrying[0]!.text).toMatch(/\bUPDATE "[^"]+"\."runtime_jobs"/);
    expect(carrying[0]!.params).toContain(`\\"state\\":\\"${state}\\"`);
    return carrying;
  };
  expect(journal('running', 'tool.start').map(synchronous)).toEqual([true]);
  expect(journal('done', 'tool.end').map(synchronous)).toEqual([false]);
  // the call's usage is settled before its `done` entry: a crash between the two meters the call
  const toolSettled = writes.findIndex(
    (w) => /runtime_ledger_reservations/.test(w.text) && w.params.includes('tool_usage'),
  );
  expect(toolSettled).toBeGreaterThan(-1);
  expect(toolSettled).toBeLessThan(writes.findIndex((w) => w.params.includes('tool.end')));
  // `final.result` is stored by the terminal transition's own write
  const final = writes.filter((w) => w.params.includes('final.result'));
  expect(final.map(synchronous)).toEqual([true]);
  expect(final[0]!.params).toContain('job.completed');
  // job create, 3 reservations, the journal's `running`, the terminal transition with `final.result`
  expect(writes.filter(synchronous)).toHaveLength(6);
  // 2 step checkpoints, 3 settlements, the journal's `done` with `tool.end`, the tokens
  expect(writes.filter((w) => !synchronous(w)).length).toBeGreaterThanOrEqual(7);
});
