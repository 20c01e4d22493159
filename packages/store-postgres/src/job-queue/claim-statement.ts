import type { TableRef } from '../database/table-ref';
import { DB_NOW_MS } from '../job-store/postgres-job-store';

/**
 * The claim, one statement ($1 worker, $2 limit, $3 lease ms): lock up to $2 scopes that have a free slot and a
 * queued job, least recently served first (SKIP LOCKED: one claimer per scope at a time, so its counter is
 * exact); take each one's next jobs up to its free slots (SKIP LOCKED), and no more than it can be given: every
 * other locked scope gets one in the first round, so one scope gets at most $2 − (scopes − 1) — more would be
 * locked for nothing, hidden from concurrent claimers; keep the first $2 in rounds (every scope's first job,
 * then every scope's second, …); mark them running with the lease, and stamp each served scope's
 * `last_served_at`. The jobs table's trigger counts the slots of limited scopes in the same statement. The scope
 * rows are locked `FOR NO KEY UPDATE`: exclusive among claimers, shared with the key-share lock a transition
 * in an unlimited scope takes.
 *
 * When the skipping lock got no scope (every scope with work is being claimed from right now, or none has work),
 * the same statement serves the least recently served scope with work anyway: one without a limit shares it
 * with the claimer that holds its row (its jobs are taken `SKIP LOCKED`; that claimer stamps the row), one with
 * a limit is waited for (its counter is read under the row's lock). A scope row is locked for a moment by every
 * claim, so without this a worker would often come back empty while jobs wait. Nothing else is held while it
 * waits (the skipping part locked nothing). An idle poll is one statement too. Its jobs' triggers still lock the
 * scope rows after it locked the jobs, so a claim can be a deadlock's victim: `PostgresJobQueue` runs it again.
 */
export function claimStatement(jobs: TableRef, slots: TableRef): string {
  const candidates = (when: string, lock: string) => `
  SELECT s.scope_id, s.last_served_at,
         CASE WHEN s.max_running IS NULL THEN $2::integer ELSE least($2::integer, s.max_running - s.running) END AS free
  FROM ${slots.qualified} s
  WHERE ${when} (s.max_running IS NULL OR s.running < s.max_running)
    AND EXISTS (SELECT 1 FROM ${jobs.qualified} q
                WHERE q.scope_id = s.scope_id AND q.status = 'queued' AND q.queue_priority IS NOT NULL)
  ORDER BY s.last_served_at NULLS FIRST, s.scope_id
  ${lock}`;
  return `
WITH skipping AS (${candidates('', 'LIMIT $2::integer FOR NO KEY UPDATE OF s SKIP LOCKED')}),
shared AS (${candidates('NOT EXISTS (SELECT 1 FROM skipping) AND s.max_running IS NULL AND', 'LIMIT 1')}),
waiting AS (${candidates('NOT EXISTS (SELECT 1 FROM skipping) AND NOT EXISTS (SELECT 1 FROM shared) AND', 'LIMIT 1 FOR NO KEY UPDATE OF s')}),
scopes AS (SELECT * FROM skipping UNION ALL SELECT * FROM shared UNION ALL SELECT * FROM waiting),
ranked AS (
  SELECT scope_id, free, row_number() OVER (ORDER BY last_served_at NULLS FIRST, scope_id) AS turn,
         count(*) OVER () AS scopes FROM scopes),
heads AS (
  SELECT h.job_id, r.turn,
         row_number() OVER (PARTITION BY r.scope_id ORDER BY h.queue_priority DESC, h.created_at, h.job_id) AS round
  FROM ranked r CROSS JOIN LATERAL (
    SELECT j.job_id, j.queue_priority, j.created_at FROM ${jobs.qualified} j
    WHERE j.scope_id = r.scope_id AND j.status = 'queued' AND j.queue_priority IS NOT NULL
    ORDER BY j.queue_priority DESC, j.created_at, j.job_id
    LIMIT least(r.free, $2::integer - r.scopes + 1)
    FOR UPDATE OF j SKIP LOCKED) h),
picked AS (SELECT job_id FROM heads ORDER BY round, turn LIMIT $2::integer),
claimed AS (
  UPDATE ${jobs.qualified} AS j
  SET status = 'running', lease_owner = $1::text, lease_expires_at = ${DB_NOW_MS} + $3::double precision,
      started_at = coalesce(j.started_at, ${DB_NOW_MS}), updated_at = ${DB_NOW_MS}, version = j.version + 1
  FROM picked WHERE j.job_id = picked.job_id
  RETURNING j.*),
served AS (
  UPDATE ${slots.qualified} AS s SET last_served_at = clock_timestamp()
  WHERE s.scope_id IN (SELECT scope_id FROM claimed) AND NOT EXISTS (SELECT 1 FROM shared))
SELECT * FROM claimed`;
}
