import type { TableRef } from '../database/table-ref';
import type { Migration } from '../migrations';

/**
 * The scope-slots table (one row per scope: its limit, its running count, when a claim last served it), the
 * jobs table's `queue_priority` column (set only for enqueued jobs: the queue never claims a job `execute`
 * runs itself) and claim index, and the triggers that keep `running` equal to the scope's running jobs in the
 * same transaction as every status change into or out of `running`, while the scope has a limit.
 *
 * Why only then: the counter is one row per scope, and a transaction that updates it holds its lock until
 * commit, so every start and completion of one scope waited for the previous one's commit (10 concurrent
 * lifecycles in one scope: 454 lifecycles/s with the counter always kept, 624 with none). Without a limit,
 * nothing reads `running`; a transition takes only a key-share lock on the row (shared with every other
 * transition and with claims), which `setScopeLimits` waits out before it recounts the scope's running jobs.
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
    {
      version: 2,
      description:
        'count running jobs only in scopes with a limit (key-share lock otherwise); claims stamp last_served_at; index it',
      statements: (t) => [
        `CREATE INDEX IF NOT EXISTS ${t.derived('served_idx')} ON ${t.qualified} (last_served_at NULLS FIRST, scope_id)`,
        `DROP TRIGGER IF EXISTS ${t.derived('count_running')} ON ${jobs.qualified}`,
        `CREATE OR REPLACE FUNCTION ${t.companion('count_running')}() RETURNS trigger LANGUAGE plpgsql AS $fn$
         DECLARE
           entering boolean := false;
           scope text;
           limited boolean;
         BEGIN
           IF TG_OP <> 'DELETE' THEN entering := NEW.status = 'running'; END IF;
           IF entering THEN scope := NEW.scope_id; ELSE scope := OLD.scope_id; END IF;
           SELECT max_running IS NOT NULL INTO limited FROM ${t.qualified} WHERE scope_id = scope FOR KEY SHARE;
           IF NOT FOUND THEN
             INSERT INTO ${t.qualified} (scope_id) VALUES (scope) ON CONFLICT DO NOTHING;
             SELECT max_running IS NOT NULL INTO limited FROM ${t.qualified} WHERE scope_id = scope FOR KEY SHARE;
           END IF;
           IF limited THEN
             UPDATE ${t.qualified} SET running = running + CASE WHEN entering THEN 1 ELSE -1 END
             WHERE scope_id = scope;
           END IF;
           RETURN NULL;
         END $fn$`,
        `CREATE OR REPLACE TRIGGER ${t.derived('running_in')} AFTER INSERT ON ${jobs.qualified}
           FOR EACH ROW WHEN (NEW.status = 'running') EXECUTE FUNCTION ${t.companion('count_running')}()`,
        `CREATE OR REPLACE TRIGGER ${t.derived('running_out')} AFTER DELETE ON ${jobs.qualified}
           FOR EACH ROW WHEN (OLD.status = 'running') EXECUTE FUNCTION ${t.companion('count_running')}()`,
        `CREATE OR REPLACE TRIGGER ${t.derived('running_moved')} AFTER UPDATE OF status ON ${jobs.qualified}
           FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND 'running' IN (OLD.status, NEW.status))
           EXECUTE FUNCTION ${t.companion('count_running')}()`,
      ],
    },
  ];
}
