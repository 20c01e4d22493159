import {
  type ActionFilter,
  ActionRecord,
  ActionStatus,
  type ActionStore,
  DuplicateActionError,
  parseActionFilter,
} from '@agent-runtime/actions';
import { ConcurrentModificationError, NotFoundError } from '@agent-runtime/core';
import { jsonOf, names, paramsOf, placeholders } from '../database/columns';
import type { PostgresDatabase, SqlDatabase } from '../database/sql-database';
import { SqlParams } from '../database/sql-params';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { isUniqueViolation } from '../database/unique-violation';
import { MigrationGate, runMigrations } from '../migrations';
import { ACTION_COLUMNS } from './action-columns';
import { ACTION_MIGRATIONS } from './action-table';

type Row = Record<string, unknown>;

const COLUMN_LIST = names(ACTION_COLUMNS);
const UPDATED_COLUMNS = ACTION_COLUMNS.filter((c) => c.name !== 'action_id' && c.name !== 'version');
const ORDER = 'ORDER BY created_at, action_id';

/**
 * An ActionStore on PostgreSQL or PGlite. The unique resume-token-hash index makes a token find exactly one
 * action; a partial index on the expiry of pending actions keeps the sweeper's `listExpired` cheap. Updates
 * are a compare-and-set on `version`. The table is created on first use (or by `migrate()`).
 */
export class PostgresActionStore implements ActionStore {
  readonly table: TableRef;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;

  constructor(db: PostgresDatabase, options: TableOptions = {}) {
    this.table = TableRef.from(options, 'runtime_actions', 'options');
    this.db = toSqlDatabase(db);
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the table and its indexes; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, ACTION_MIGRATIONS);
  }

  async create(action: ActionRecord): Promise<ActionRecord> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `INSERT INTO ${this.table.qualified} (${COLUMN_LIST}) VALUES (${placeholders(ACTION_COLUMNS).join(', ')})
       ON CONFLICT DO NOTHING RETURNING *`,
      paramsOf(toJSON(action), ACTION_COLUMNS),
    );
    if (rows[0]) return toRecord(rows[0]);
    throw new DuplicateActionError({
      actionId: (await this.conflictingActionId(action, true)) ?? action.actionId,
    });
  }

  async get(actionId: string): Promise<ActionRecord | undefined> {
    return this.one('action_id = $1', [actionId]);
  }

  async getByResumeTokenHash(hash: string): Promise<ActionRecord | undefined> {
    return this.one('resume_token_hash = $1', [hash]);
  }

  async update(action: ActionRecord): Promise<ActionRecord> {
    await this.gate.ensure();
    const assignments = UPDATED_COLUMNS.map((c, i) => `${c.name} = ${placeholders([c], i + 3)[0]}`);
    try {
      const { rows } = await this.db.query<Row>(
        `UPDATE ${this.table.qualified} SET ${assignments.join(', ')}, version = version + 1
         WHERE action_id = $1 AND version = $2 RETURNING *`,
        [action.actionId, action.version, ...paramsOf(toJSON(action), UPDATED_COLUMNS)],
      );
      if (rows[0]) return toRecord(rows[0]);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const owner = (await this.conflictingActionId(action, false)) ?? action.actionId;
      throw new DuplicateActionError({ actionId: owner, cause: error });
    }
    const current = await this.get(action.actionId);
    if (!current) throw new NotFoundError({ resource: 'action', id: action.actionId });
    throw new ConcurrentModificationError({
      resource: 'action',
      id: action.actionId,
      expectedVersion: action.version,
      actualVersion: current.version,
    });
  }

  async delete(actionId: string): Promise<boolean> {
    await this.gate.ensure();
    const { rowCount } = await this.db.query(`DELETE FROM ${this.table.qualified} WHERE action_id = $1`, [
      actionId,
    ]);
    return rowCount > 0;
  }

  async list(filter?: ActionFilter): Promise<ActionRecord[]> {
    const parsed = parseActionFilter(filter);
    const sql = new SqlParams();
    if (parsed.jobId !== undefined) sql.where(`job_id = ${sql.add(parsed.jobId)}`);
    if (parsed.scopeId !== undefined) sql.where(`scope_id = ${sql.add(parsed.scopeId)}`);
    if (parsed.type !== undefined) sql.where(`type = ${sql.add(parsed.type)}`);
    if (parsed.status !== undefined) sql.where(`status = ANY(${sql.add([parsed.status].flat())}::text[])`);
    let paging = '';
    if (parsed.limit !== undefined) paging += ` LIMIT ${sql.add(parsed.limit)}`;
    if (parsed.offset !== undefined) paging += ` OFFSET ${sql.add(parsed.offset)}`;
    return this.many(`${sql.whereClause()} ${ORDER}${paging}`, sql.values);
  }

  async listPendingForJob(jobId: string): Promise<ActionRecord[]> {
    return this.many(`WHERE job_id = $1 AND status = $2 ${ORDER}`, [jobId, ActionStatus.PENDING]);
  }

  async listExpired(now: number): Promise<ActionRecord[]> {
    return this.many(`WHERE status = $1 AND expires_at IS NOT NULL AND expires_at <= $2 ${ORDER}`, [
      ActionStatus.PENDING,
      now,
    ]);
  }

  private async one(condition: string, params: unknown[]): Promise<ActionRecord | undefined> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${this.table.qualified} WHERE ${condition}`,
      params,
    );
    return rows[0] && toRecord(rows[0]);
  }

  private async many(tail: string, params: unknown[]): Promise<ActionRecord[]> {
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(`SELECT * FROM ${this.table.qualified} ${tail}`, params);
    return rows.map(toRecord);
  }

  /** The action holding `action`'s id (when `sameId` counts) or else its resume token hash. */
  private async conflictingActionId(action: ActionRecord, sameId: boolean): Promise<string | undefined> {
    const { rows } = await this.db.query<{ action_id: string }>(
      `SELECT action_id FROM ${this.table.qualified}
       WHERE ($3 AND action_id = $1) OR (resume_token_hash = $2 AND action_id <> $1)
       ORDER BY (action_id = $1) DESC LIMIT 1`,
      [action.actionId, action.resumeTokenHash, sameId],
    );
    return rows[0]?.action_id;
  }
}

function toJSON(action: ActionRecord): Record<string, unknown> {
  return action.toJSON() as unknown as Record<string, unknown>;
}

function toRecord(row: Row): ActionRecord {
  return ActionRecord.fromJSON(jsonOf(row, ACTION_COLUMNS));
}
