// Test support (not exported): what each commit of the stores does about the WAL flush.
import type { SqlDatabase, SqlQueryable } from '../database/sql-database';

/** A statement (or a transaction's statements, joined) and whether its commit waits for the WAL flush. */
export interface RecordedCommit {
  readonly text: string;
  /** `synchronous_commit` as its transaction had it just before COMMIT: anything but `off` waits. */
  readonly synchronous: boolean;
}

/**
 * `db` with every statement run in a transaction of its own (a transaction of the stores stays one), reading
 * `synchronous_commit` in it just before it commits: what that commit does, which is not observable after it.
 */
export function recordingCommits(db: SqlDatabase): { db: SqlDatabase; commits: RecordedCommit[] } {
  const commits: RecordedCommit[] = [];
  const recorded = async <T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T> =>
    db.transaction(async (tx) => {
      const texts: string[] = [];
      const result = await work({
        query: (text, params) => {
          texts.push(text.replace(/\s+/g, ' ').trim());
          return tx.query(text, params);
        },
      });
      const { rows } = await tx.query<{ setting: string }>(
        `SELECT current_setting('synchronous_commit') AS setting`,
      );
      commits.push({ text: texts.join('; '), synchronous: rows[0]?.setting !== 'off' });
      return result;
    });
  return {
    commits,
    db: {
      kind: db.kind,
      query: (text, params) => recorded((tx) => tx.query(text, params)),
      transaction: recorded,
    },
  };
}
