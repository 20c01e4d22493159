import { ConcurrentModificationError, NotFoundError } from '@agent-runtime/core';
import { type ArtifactRecord, type ArtifactStore, artifactRecord } from '@agent-runtime/jobs';
import { jsonOf, names, paramsOf, placeholders } from '../database/columns';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { MigrationGate, runMigrations } from '../migrations';
import { ARTIFACT_COLUMNS } from './artifact-columns';
import { ARTIFACT_MIGRATIONS } from './artifact-table';

type Row = Record<string, unknown>;

const COLUMN_LIST = names(ARTIFACT_COLUMNS);
const UPDATED_COLUMNS = ARTIFACT_COLUMNS.filter((c) => !['artifactId', 'jobId', 'scopeId'].includes(c.field));

/**
 * An ArtifactStore on PostgreSQL or PGlite: content and metadata as jsonb, updates a compare-and-set on
 * `version`, a job's artifacts listed by insertion order (`seq`). The table is created on first use.
 */
export class PostgresArtifactStore implements ArtifactStore {
  readonly table: TableRef;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;

  constructor(db: PostgresDatabase, options: TableOptions = {}) {
    this.table = TableRef.from(options, 'runtime_artifacts', 'options');
    this.db = toSqlDatabase(db);
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the table and its index; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, ARTIFACT_MIGRATIONS);
  }

  async create(artifact: ArtifactRecord): Promise<void> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `INSERT INTO ${this.table.qualified} (${COLUMN_LIST})
       VALUES (${placeholders(ARTIFACT_COLUMNS).join(', ')}) ON CONFLICT DO NOTHING RETURNING artifact_id`,
      paramsOf({ ...artifact }, ARTIFACT_COLUMNS),
    );
    if (rows[0]) return;
    const existing = await this.get(artifact.artifactId);
    throw new ConcurrentModificationError({
      resource: 'artifact',
      id: artifact.artifactId,
      expectedVersion: 0,
      actualVersion: existing?.version,
    });
  }

  async update(artifact: ArtifactRecord): Promise<void> {
    await this.gate.ensure();
    const sets = UPDATED_COLUMNS.map((c, i) => `${c.name} = ${placeholders([c], i + 3)[0]}`).join(', ');
    const { rows } = await this.db.query<Row>(
      `UPDATE ${this.table.qualified} SET ${sets} WHERE artifact_id = $1 AND version = $2 RETURNING artifact_id`,
      [artifact.artifactId, artifact.version - 1, ...paramsOf({ ...artifact }, UPDATED_COLUMNS)],
    );
    if (rows[0]) return;
    const current = await this.get(artifact.artifactId);
    if (!current) throw new NotFoundError({ resource: 'artifact', id: artifact.artifactId });
    throw new ConcurrentModificationError({
      resource: 'artifact',
      id: artifact.artifactId,
      expectedVersion: artifact.version - 1,
      actualVersion: current.version,
    });
  }

  async get(artifactId: string): Promise<ArtifactRecord | undefined> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMN_LIST} FROM ${this.table.qualified} WHERE artifact_id = $1`,
      [artifactId],
    );
    return rows[0] && toRecord(rows[0]);
  }

  async listByJob(jobId: string): Promise<ArtifactRecord[]> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT ${COLUMN_LIST} FROM ${this.table.qualified} WHERE job_id = $1 ORDER BY seq`,
      [jobId],
    );
    return rows.map(toRecord);
  }
}

function toRecord(row: Row): ArtifactRecord {
  return artifactRecord(jsonOf(row, ARTIFACT_COLUMNS) as Parameters<typeof artifactRecord>[0], 'row');
}
