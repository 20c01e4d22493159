import type { Migration } from '../migrations';

/** Artifacts of jobs: one row per artifact, its latest version; listed per job in creation order. */
export const ARTIFACT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'create artifacts table and job index',
    statements: (t) => [
      `CREATE TABLE IF NOT EXISTS ${t.qualified} (
         seq bigint GENERATED ALWAYS AS IDENTITY,
         artifact_id text PRIMARY KEY,
         job_id text NOT NULL,
         scope_id text NOT NULL,
         name text NOT NULL,
         mime_type text,
         content jsonb,
         uri text,
         metadata jsonb NOT NULL,
         tool_call_id text,
         version integer NOT NULL,
         created_at bigint NOT NULL,
         updated_at bigint NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS ${t.derived('job_idx')} ON ${t.qualified} (job_id, seq)`,
    ],
  },
];
