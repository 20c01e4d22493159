import type { Migration } from '../migrations';

/** The jobs table: one row per JobRecord; epoch-ms times as double precision (exact for integers); nested values as jsonb. */
export const JOB_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create jobs table and indexes',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         job_id text COLLATE "C" PRIMARY KEY,
         scope_id text NOT NULL,
         principal_id text,
         session_id text,
         run_id text,
         trace_id text,
         parent_job_id text,
         idempotency_key text,
         status text NOT NULL,
         progress double precision NOT NULL,
         turn integer NOT NULL,
         deadline double precision,
         budgets jsonb NOT NULL,
         policy_ref jsonb,
         metadata jsonb NOT NULL,
         tags jsonb NOT NULL,
         result_ref text,
         error jsonb,
         checkpoint jsonb,
         created_at double precision NOT NULL,
         updated_at double precision NOT NULL,
         started_at double precision,
         finished_at double precision,
         version integer NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('scope_idx')} ON ${t.qualified} (scope_id, created_at, job_id)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('status_idx')} ON ${t.qualified} (status, deadline)`,
      `CREATE UNIQUE INDEX IF NOT EXISTS ${t.derived('idem_idx')} ON ${t.qualified} (scope_id, idempotency_key)
         WHERE idempotency_key IS NOT NULL`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('created_idx')} ON ${t.qualified} (created_at, job_id)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('parent_idx')} ON ${t.qualified} (parent_job_id)
         WHERE parent_job_id IS NOT NULL`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('tags_idx')} ON ${t.qualified} USING gin (tags jsonb_path_ops)`,
    ],
  },
  {
    version: 2,
    description: 'add lease columns (lease_owner, lease_expires_at, recoveries) and the claimable index',
    statements: (t) => [
      `ALTER TABLE ${t.qualified} ADD COLUMN IF NOT EXISTS lease_owner text`,
      `ALTER TABLE ${t.qualified} ADD COLUMN IF NOT EXISTS lease_expires_at double precision`,
      `ALTER TABLE ${t.qualified} ADD COLUMN IF NOT EXISTS recoveries integer NOT NULL DEFAULT 0`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('lease_idx')} ON ${t.qualified} (lease_expires_at NULLS FIRST, updated_at)
         WHERE status = 'running'`,
    ],
  },
];
