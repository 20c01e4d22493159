import { describe, expect, it } from 'vitest';
import { PostCommitNotifier } from './post-commit-notifier';
import type { SqlQueryable, SqlResult } from './sql-database';

/** Records each send's payloads; each send stays open until `finishSend` is called. */
function gatedDatabase({ failFirst = false } = {}) {
  const sends: string[][] = [];
  const finishers: Array<() => void> = [];
  const db: SqlQueryable = {
    query<Row>(_text: string, params: readonly unknown[] = []): Promise<SqlResult<Row>> {
      sends.push([...(params[1] as string[])]);
      const failing = failFirst && sends.length === 1;
      return new Promise((resolve, reject) => {
        finishers.push(() =>
          failing ? reject(new Error('connection lost')) : resolve({ rows: [], rowCount: 1 }),
        );
      });
    },
  };
  const finishSend = async () => {
    finishers.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { db, sends, finishSend };
}

describe('PostCommitNotifier', () => {
  it('sends at once, and what arrives meanwhile in one statement after it, each payload once', async () => {
    const { db, sends, finishSend } = gatedDatabase();
    const notifier = new PostCommitNotifier(db, 'channel');
    notifier.notify('job-a');
    notifier.notify('job-b');
    notifier.notify('job-c');
    notifier.notify('job-b');
    expect(sends).toEqual([['job-a']]);
    await finishSend();
    expect(sends).toEqual([['job-a'], ['job-b', 'job-c']]);
    await finishSend();
    notifier.notify('job-a');
    expect(sends).toEqual([['job-a'], ['job-b', 'job-c'], ['job-a']]);
  });

  it('a failed send does not stop the next ones', async () => {
    const { db, sends, finishSend } = gatedDatabase({ failFirst: true });
    const notifier = new PostCommitNotifier(db, 'channel');
    notifier.notify('job-a');
    notifier.notify('job-b');
    await finishSend();
    await finishSend();
    notifier.notify('job-c');
    expect(sends).toEqual([['job-a'], ['job-b'], ['job-c']]);
  });
});
