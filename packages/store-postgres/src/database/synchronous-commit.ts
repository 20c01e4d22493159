import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/**
 * When a store's commits wait for PostgreSQL to flush them to its write-ahead log. `'always'`: every commit
 * (PostgreSQL's default). `'durability-points'`: only the writes a resumed job depends on (a job created, a
 * status transition, a tool call recorded before it runs, a ledger reservation, final events, actions, budgets,
 * the queue); the others (a step's checkpoint and progress, its events, ledger settlements, lease renewals)
 * commit with `synchronous_commit` off for their own transaction: visible at once and kept when the client
 * process dies, lost only when the database server itself crashes within about 600 ms of them.
 */
export type SynchronousCommit = 'durability-points' | 'always';

export const synchronousCommitSchema = z.enum(['durability-points', 'always']);

/** True for a store option `synchronousCommit: 'durability-points'` (validated; undefined: `'always'`). */
export function relaxesCommits(setting: SynchronousCommit | undefined): boolean {
  return (
    parseInput(synchronousCommitSchema.optional(), setting, 'options.synchronousCommit') ===
    'durability-points'
  );
}

/**
 * When `relaxed`, a select-list / RETURNING item (with its leading comma) that turns `synchronous_commit` off for
 * the transaction of its statement: transaction-local, so only that statement's implicit transaction (or the
 * transaction it is in), whose commit then does not wait for the WAL flush. In the statement itself, so it
 * costs no round trip; evaluated for a row the statement returns, that is, when it wrote. Else nothing.
 */
export function relaxedCommitItem(relaxed: boolean): string {
  return relaxed ? `, set_config('synchronous_commit', 'off', true) AS relaxed_commit` : '';
}
