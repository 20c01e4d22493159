import type { Migration } from '../migrations';

/** The actions table: one row per ActionRecord; only the hash of a resume token is ever stored. */
export const ACTION_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create actions table and indexes',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         action_id text COLLATE "C" PRIMARY KEY,
         job_id text NOT NULL,
         scope_id text,
         type text NOT NULL,
         payload jsonb NOT NULL,
         status text NOT NULL,
         created_at double precision NOT NULL,
         expires_at double precision,
         resolved_at double precision,
         resolution jsonb,
         cancel_reason text,
         resume_token_hash text NOT NULL,
         metadata jsonb NOT NULL,
         version integer NOT NULL)`,
      `CREATE UNIQUE INDEX IF NOT EXISTS ${t.derived('token_idx')} ON ${t.qualified} (resume_token_hash)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('pending_expiry_idx')} ON ${t.qualified} (expires_at)
         WHERE status = 'pending' AND expires_at IS NOT NULL`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('created_idx')} ON ${t.qualified} (created_at, action_id)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('job_idx')} ON ${t.qualified} (job_id, created_at, action_id)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('scope_idx')} ON ${t.qualified} (scope_id, created_at, action_id)`,
    ],
  },
];
