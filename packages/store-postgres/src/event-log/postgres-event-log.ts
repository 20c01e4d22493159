import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AnyRuntimeEvent,
  type Clock,
  parseInput,
  RuntimeEvent,
  systemClock,
  ValidationError,
} from '@agent-runtime/core';
import {
  type EventLog,
  type EventLogFollowOptions,
  type EventLogPruneOptions,
  type EventLogReadOptions,
  type EventLogRetentionOptions,
  followEventLog,
  JobWakeups,
  parseAppendedEvents,
  parseFollowArguments,
  parseReadArguments,
  pruneCutoff,
  retentionOptionsShape,
} from '@agent-runtime/events';
import { z } from 'zod';
import { PostCommitNotifier } from '../database/post-commit-notifier';
import type { PostgresDatabase, SqlDatabase, SqlQueryable } from '../database/sql-database';
import {
  relaxedCommitItem,
  type SynchronousCommit,
  synchronousCommitSchema,
} from '../database/synchronous-commit';
import { identifierSchema, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { MigrationGate, runMigrations } from '../migrations';
import { EVENT_LOG_MIGRATIONS } from './event-log-table';
import { type Listen, listenerFor, type Unlisten } from './notifications';
import { onlyStepEvents } from './relaxed-events';

export interface PostgresEventLogOptions extends EventLogRetentionOptions {
  /** The events table (its counters live in `<tableName>_heads`). @default 'runtime_events' */
  tableName?: string;
  /** The PostgreSQL schema of the tables (created if missing). @default the connection's search_path */
  schema?: string;
  /**
   * How often a waiting follower reads again without a notification: the floor of live delivery when
   * LISTEN is unavailable (an adapted SqlDatabase) or its connection was lost. @default 1000
   */
  pollIntervalMs?: number;
  /**
   * `'durability-points'`: an append of a step's own events only (tokens, `model.done`, `tool.*`, `progress`)
   * commits without waiting for the WAL flush (see SynchronousCommit); others wait. @default 'always'
   */
  synchronousCommit?: SynchronousCommit;
}

const optionsSchema = z
  .strictObject({
    tableName: identifierSchema.optional(),
    schema: identifierSchema.optional(),
    pollIntervalMs: z.number().int().positive().default(1000),
    synchronousCommit: synchronousCommitSchema.optional(),
    ...retentionOptionsShape,
  })
  .default({ pollIntervalMs: 1000 });

interface JobBatch {
  readonly jobId: string;
  readonly indexes: number[];
}

/**
 * An EventLog on PostgreSQL or PGlite. An append is one statement per job that bumps the job's counter row
 * (its row lock orders concurrent appenders, and a failed append rolls the counter back, so seqs have no gap)
 * and inserts the events; a batch of several jobs is one transaction. Once it committed, the log sends one
 * NOTIFY per job outside it (coalesced with other appends': see PostCommitNotifier); followers in any process
 * LISTEN on one dedicated connection per log instance (opened while someone follows) and read again on a
 * notification, or every `pollIntervalMs` without one.
 */
export class PostgresEventLog implements EventLog {
  readonly table: TableRef;
  /** The NOTIFY channel of this table (a hash of its name, so every table has its own). */
  readonly channel: string;
  private readonly db: SqlDatabase;
  private readonly listen: Listen | undefined;
  private readonly notifier: PostCommitNotifier;
  private readonly gate: MigrationGate;
  private readonly heads: string;
  private readonly wakeups = new JobWakeups();
  private readonly pollIntervalMs: number;
  private readonly retentionDays: number | undefined;
  private readonly clock: Clock;
  private readonly relaxStepEvents: boolean;
  private followers = 0;
  private listening: Promise<Unlisten | undefined> | undefined;

  constructor(db: PostgresDatabase, options: PostgresEventLogOptions = {}) {
    const parsed = parseInput(optionsSchema, options, 'options');
    this.table = TableRef.from(
      { tableName: parsed.tableName, schema: parsed.schema },
      'runtime_events',
      'options',
    );
    this.heads = this.table.companion('heads');
    this.channel = `ar_events_${createHash('sha256').update(this.table.key).digest('hex').slice(0, 16)}`;
    this.db = toSqlDatabase(db);
    this.listen = listenerFor(db);
    this.notifier = new PostCommitNotifier(this.db, this.channel);
    this.pollIntervalMs = parsed.pollIntervalMs;
    this.retentionDays = parsed.retentionDays;
    this.clock = parsed.clock ?? systemClock;
    this.relaxStepEvents = parsed.synchronousCommit === 'durability-points';
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the tables; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, EVENT_LOG_MIGRATIONS);
  }

  async append(events: readonly RuntimeEvent[]): Promise<AnyRuntimeEvent[]> {
    const valid = parseAppendedEvents(events);
    if (valid.length === 0) return [];
    await this.gate.ensure();
    const batches = byJob(valid);
    const seqs: number[] = [];
    const relaxed = this.relaxStepEvents && onlyStepEvents(valid);
    const write = async (db: SqlQueryable) => {
      for (const batch of batches) {
        const first = await this.appendBatch(db, batch, valid, relaxed);
        batch.indexes.forEach((index, i) => {
          seqs[index] = first + i;
        });
      }
    };
    if (batches.length === 1) await write(this.db);
    else await this.db.transaction(write);
    for (const batch of batches) this.notifier.notify(batch.jobId);
    return valid.map((event, i) => event.with({ seq: seqs[i] }));
  }

  async read(jobId: string, options?: EventLogReadOptions): Promise<AnyRuntimeEvent[]> {
    const parsed = parseReadArguments(jobId, options);
    await this.gate.ensure();
    const limit = parsed.limit === undefined ? '' : ' LIMIT $3';
    const { rows } = await this.db.query<{ seq: string | number; event: unknown }>(
      `SELECT seq, event FROM ${this.table.qualified} WHERE job_id = $1 AND seq > $2 ORDER BY seq${limit}`,
      parsed.limit === undefined
        ? [parsed.jobId, parsed.afterSeq]
        : [parsed.jobId, parsed.afterSeq, parsed.limit],
    );
    return rows.map((row) => RuntimeEvent.fromJSON({ ...jsonObject(row.event), seq: Number(row.seq) }));
  }

  follow(jobId: string, options?: EventLogFollowOptions): AsyncIterable<AnyRuntimeEvent> {
    const parsed = parseFollowArguments(jobId, options);
    return this.followListening(parsed.jobId, parsed);
  }

  async prune(options?: EventLogPruneOptions): Promise<number> {
    const before = pruneCutoff(options, this.retentionDays, this.clock);
    await this.gate.ensure();
    const { rowCount } = await this.db.query(
      `WITH gone AS (DELETE FROM ${this.heads} WHERE last_at < $1 RETURNING job_id)
       DELETE FROM ${this.table.qualified} WHERE job_id IN (SELECT job_id FROM gone)`,
      [before],
    );
    return rowCount;
  }

  /**
   * Runs `write`, one data-modifying statement of another table of this database (`UPDATE … RETURNING *`), and
   * appends `events` (all of one job, at least one) in the same statement, only when `write` returns a row: the
   * row and the events commit together or not at all, and followers are notified once both are. Returns the
   * row and the events with their seqs; undefined, with nothing appended, when `write` returned no row.
   */
  async appendWith<Row>(
    write: { sql: string; params: readonly unknown[] },
    events: readonly RuntimeEvent[],
  ): Promise<{ row: Row; events: AnyRuntimeEvent[] } | undefined> {
    const valid = parseAppendedEvents(events);
    const [batch, ...others] = byJob(valid);
    if (!batch || others.length > 0)
      throw new ValidationError({ field: 'events', message: 'events: one job’s, at least one' });
    await this.gate.ensure();
    const append = this.appendStatement(batch, valid, write.params.length + 1, 'written');
    const { rows } = await this.db.query<Row & { appended_last_seq: string | number }>(
      `WITH written AS (${write.sql}), ${append.ctes}
       SELECT written.*, head.last_seq AS appended_last_seq FROM written, head`,
      [...write.params, ...append.params],
    );
    const row = rows[0];
    if (!row) return undefined;
    this.notifier.notify(batch.jobId);
    const first = Number(row.appended_last_seq) - valid.length + 1;
    return { row, events: valid.map((event, i) => event.with({ seq: first + i })) };
  }

  /**
   * Bumps the job's counter by the batch size and inserts the batch after it; returns the first seq. `relaxed`:
   * its commit does not wait for the WAL flush.
   */
  private async appendBatch(
    db: SqlQueryable,
    batch: JobBatch,
    events: readonly RuntimeEvent[],
    relaxed: boolean,
  ): Promise<number> {
    const append = this.appendStatement(batch, events, 1);
    const { rows } = await db.query<{ last_seq: string | number }>(
      `WITH ${append.ctes} SELECT head.last_seq${relaxedCommitItem(relaxed)} FROM head`,
      append.params,
    );
    return Number(rows[0]!.last_seq) - batch.indexes.length + 1;
  }

  /**
   * The CTEs `head` (the job's counter bumped by the batch size, `last_seq` the batch's last seq) and
   * `inserted` (the batch after it), parameters numbered from `first`; with `after`, only for each row of
   * that CTE (none: nothing appended).
   */
  private appendStatement(batch: JobBatch, events: readonly RuntimeEvent[], first: number, after?: string) {
    const jsons = batch.indexes.map((index) => {
      const { seq: _, ...json } = events[index]!.toJSON();
      return json;
    });
    const lastAt = Math.max(...jsons.map((json) => json.timestamp));
    const [jobId, count, at, values] = [0, 1, 2, 3].map((i) => `$${first + i}`);
    const ctes = `head AS (
         INSERT INTO ${this.heads} AS h (job_id, last_seq, last_at)
         SELECT ${jobId}::text, ${count}::bigint, ${at}::bigint${after ? ` FROM ${after}` : ''}
         ON CONFLICT (job_id) DO UPDATE
           SET last_seq = h.last_seq + EXCLUDED.last_seq, last_at = greatest(h.last_at, EXCLUDED.last_at)
         RETURNING last_seq),
       inserted AS (
         INSERT INTO ${this.table.qualified} (job_id, seq, event_id, type, timestamp, event)
         SELECT ${jobId}::text, head.last_seq - ${count}::bigint + e.ord, e.value->>'eventId', e.value->>'type',
                (e.value->>'timestamp')::bigint, e.value
         FROM head, json_array_elements(${values}::json) WITH ORDINALITY AS e(value, ord))`;
    return { ctes, params: [batch.jobId, jsons.length, lastAt, JSON.stringify(jsons)] };
  }

  private async *followListening(
    jobId: string,
    options: { afterSeq: number; signal?: AbortSignal },
  ): AsyncGenerator<AnyRuntimeEvent, void, undefined> {
    await this.startListening();
    try {
      const source = {
        read: (id: string, page: { afterSeq: number; limit: number }) => this.read(id, page),
        changed: (id: string, signal: AbortSignal) => this.changed(id, signal),
      };
      yield* followEventLog(source, jobId, options);
    } finally {
      this.stopListening();
    }
  }

  /** A notification for the job, or the next poll tick, whichever comes first. */
  private changed(jobId: string, signal: AbortSignal): Promise<void> {
    const tick = sleep(this.pollIntervalMs, undefined, { signal, ref: false }).catch(() => {});
    return Promise.race([this.wakeups.next(jobId, signal), tick]);
  }

  private async startListening(): Promise<void> {
    this.followers += 1;
    this.listening ??= this.openListener();
    await this.listening;
  }

  private stopListening(): void {
    this.followers -= 1;
    if (this.followers > 0) return;
    const listening = this.listening;
    this.listening = undefined;
    void listening?.then((unlisten) => unlisten?.()).catch(() => {});
  }

  /** LISTENs when the database allows it; without a listener, followers poll. */
  private openListener(): Promise<Unlisten | undefined> {
    if (!this.listen) return Promise.resolve(undefined);
    const onLost = () => {
      this.listening = this.followers > 0 ? this.openListener() : undefined;
    };
    return this.listen(this.channel, (jobId) => this.wakeups.notify(jobId), onLost).catch(() => undefined);
  }
}

/** The events grouped by job, in first-seen order of their indexes; jobs sorted so batches lock in one order. */
function byJob(events: readonly RuntimeEvent[]): JobBatch[] {
  const batches = new Map<string, number[]>();
  events.forEach((event, index) => {
    const jobId = event.jobId as string;
    const indexes = batches.get(jobId) ?? [];
    indexes.push(index);
    batches.set(jobId, indexes);
  });
  return [...batches.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([jobId, indexes]) => ({ jobId, indexes }));
}

function jsonObject(value: unknown): Record<string, unknown> {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>;
}
