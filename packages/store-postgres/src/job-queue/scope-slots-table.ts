import type { TableRef } from '../database/table-ref';
import type { Migration } from '../migrations';

/**
 * The scope-slots table (one row per scope: its limit, its running count, when it was last served), the
 * jobs table's `queue_priority` column (set only for enqueued jobs: the queue never claims a job `execute`
 * runs itself) and claim index, and the trigger that keeps `running` equal to the scope's running jobs in the
 * same transaction as every status change.
 */
export function scopeSlotMigrations(jobs: TableRef): readonly Migration[] {
  return [
    {
      version: 1,
      description:
        'create scope slots table, jobs.queue_priority, the claim index and the running-count trigger',
      statements: (t) => [
        `CREATE TABLE IF NOT EXISTS ${t.qualified} (
           scope_id text PRIMARY KEY,
           max_running integer,
           running integer NOT NULL DEFAULT 0,
           last_served_at timestamptz)`,
        `ALTER TABLE ${jobs.qualified} ADD COLUMN IF NOT EXISTS queue_priority integer`,
        `CREATE INDEX IF NOT EXISTS ${jobs.derived('queue_idx')}
           ON ${jobs.qualified} (scope_id, queue_priority DESC, created_at, job_id)
           WHERE status = 'queued' AND queue_priority IS NOT NULL`,
        `CREATE OR REPLACE FUNCTION ${t.companion('count_running')}() RETURNS trigger LANGUAGE plpgsql AS $fn$
         BEGIN
           IF TG_OP IN ('INSERT', 'UPDATE') THEN
             IF NEW.status = 'running' AND (TG_OP = 'INSERT' OR OLD.status <> 'running') THEN
               INSERT INTO ${t.qualified} AS s (scope_id, running, last_served_at)
               VALUES (NEW.scope_id, 1, clock_timestamp())
               ON CONFLICT (scope_id) DO UPDATE SET running = s.running + 1, last_served_at = clock_timestamp();
             END IF;
           END IF;
           IF TG_OP IN ('UPDATE', 'DELETE') THEN
             IF OLD.status = 'running' AND (TG_OP = 'DELETE' OR NEW.status <> 'running') THEN
               UPDATE ${t.qualified} SET running = running - 1 WHERE scope_id = OLD.scope_id;
             END IF;
           END IF;
           RETURN NULL;
         END $fn$`,
        `DROP TRIGGER IF EXISTS ${t.derived('count_running')} ON ${jobs.qualified}`,
        `CREATE TRIGGER ${t.derived('count_running')} AFTER INSERT OR DELETE OR UPDATE OF status
           ON ${jobs.qualified} FOR EACH ROW EXECUTE FUNCTION ${t.companion('count_running')}()`,
        `INSERT INTO ${t.qualified} AS s (scope_id, running)
           SELECT scope_id, count(*) FROM ${jobs.qualified} WHERE status = 'running' GROUP BY scope_id
           ON CONFLICT (scope_id) DO UPDATE SET running = excluded.running`,
      ],
    },
  ];
}
