import { Decimal, ValidationError } from '@agent-runtime/core';
import {
  type BudgetLimit,
  LedgerEvent,
  type LedgerEventFilter,
  type LedgerWriter,
  type LimitUsage,
  ledgerEventFilter,
  type ReservationOutcome,
  type ReservationRequest,
  type ReservationState,
  type UsageFilter,
  type UsageRecord,
  usageFilter,
} from '@agent-runtime/ledger';
import { budgetFromJson } from '../budget-store/applicable-budgets';
import type { PostgresBudgetStore } from '../budget-store/postgres-budget-store';
import { jsonOf, names, paramsOf, placeholders } from '../database/columns';
import type { PostgresDatabase, SqlDatabase, SqlQueryable } from '../database/sql-database';
import { relaxesCommits, type SynchronousCommit } from '../database/synchronous-commit';
import { type TableOptions, TableRef } from '../database/table-ref';
import { toSqlDatabase } from '../database/to-sql-database';
import { isUniqueViolation } from '../database/unique-violation';
import { MigrationGate, runMigrations } from '../migrations';
import { LEDGER_COLUMNS } from './ledger-columns';
import {
  closeReservationStatement,
  limitsParam,
  measureStatement,
  USAGE_COLUMNS,
  usageConditions,
  usageOfRow,
} from './ledger-queries';
import { LEDGER_MIGRATIONS } from './ledger-table';
import { reserveStatement } from './reserve-statement';

type Row = Record<string, unknown>;

/** A row of the reserve statement: one per limit under limits (`used`, `reserved`), else one. */
interface ReserveRow {
  readonly used: string;
  readonly reserved: string;
  readonly refused?: boolean;
  readonly stored: boolean;
  readonly budgets: unknown;
  /** The request's job's recorded usage (USAGE_COLUMNS), when it has a job. */
  readonly job_usage?: Record<string, string | number>;
}

export interface PostgresLedgerWriterOptions extends TableOptions {
  /**
   * The budget store on the same database whose budgets each reservation checks in its own statement (see
   * `LedgerWriter.budgetStore`); `createPostgresStores` passes its own.
   */
  budgetStore?: PostgresBudgetStore;
  /**
   * `'durability-points'`: settling or releasing a reservation commits without waiting for the WAL flush (see
   * SynchronousCommit; lost in a server crash, the reservation stays open and keeps holding its amount);
   * reservations and `write` always wait. @default 'always'
   */
  synchronousCommit?: SynchronousCommit;
}
const INSERT_EVENT_COLUMNS = names(LEDGER_COLUMNS);
const INSERT_EVENT_VALUES = placeholders(LEDGER_COLUMNS).join(', ');

/**
 * A LedgerWriter on PostgreSQL or PGlite. Usage is aggregated in SQL over `numeric` costs. A reservation is one
 * statement: under limits it calls the table's reserve function, which takes a per-scope advisory lock and then
 * (in a statement of its own, with a fresh snapshot) measures every limit and stores the reservation only if no
 * hard limit would be exceeded, so concurrent processes cannot overspend; under no limit it is an INSERT. With
 * a `budgetStore`, that statement also compares the identity's budgets with the ones the ledger sized it by.
 * Settling (or releasing) closes the reservation and appends its events in one statement. Tables (and the
 * function) are created on first use.
 */
export class PostgresLedgerWriter implements LedgerWriter {
  readonly table: TableRef;
  private readonly db: SqlDatabase;
  private readonly gate: MigrationGate;
  readonly budgetStore?: PostgresBudgetStore;
  private readonly reservations: string;
  private readonly relaxesClosing: boolean;

  constructor(
    db: PostgresDatabase,
    { budgetStore, synchronousCommit, ...options }: PostgresLedgerWriterOptions = {},
  ) {
    this.table = TableRef.from(options, 'runtime_ledger', 'options');
    this.relaxesClosing = relaxesCommits(synchronousCommit);
    if (budgetStore) this.budgetStore = budgetStore;
    this.reservations = this.table.companion('reservations');
    this.db = toSqlDatabase(db);
    this.gate = new MigrationGate(() => this.migrate());
  }

  /** Creates or upgrades the events and reservations tables; returns the migration versions it applied. */
  migrate(): Promise<number[]> {
    return runMigrations(this.db, this.table, LEDGER_MIGRATIONS);
  }

  async write(event: LedgerEvent): Promise<void> {
    assertEvent(event);
    await this.gate.ensure();
    await this.insertEvents(this.db, [event]);
  }

  async getUsage(filter?: UsageFilter): Promise<UsageRecord> {
    const sql = usageConditions(usageFilter(filter));
    await this.gate.ensure();
    const { rows } = await this.db.query<Record<string, string | number>>(
      `SELECT ${USAGE_COLUMNS} FROM ${this.table.qualified} ${sql.whereClause()}`,
      sql.values,
    );
    return usageOfRow(rows[0]!);
  }

  async listEvents(filter?: LedgerEventFilter): Promise<LedgerEvent[]> {
    const parsed = ledgerEventFilter(filter);
    const sql = usageConditions(parsed);
    if (parsed.eventType !== undefined) sql.where(`type = ${sql.add(parsed.eventType)}`);
    const limit = parsed.limit === undefined ? '' : ` LIMIT ${sql.add(parsed.limit)}`;
    await this.gate.ensure();
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM ${this.table.qualified} ${sql.whereClause()} ORDER BY timestamp, seq${limit}`,
      sql.values,
    );
    return rows.map((row) => LedgerEvent.fromJSON(jsonOf(row, LEDGER_COLUMNS)));
  }

  async reserve(request: ReservationRequest): Promise<ReservationOutcome> {
    const budgets = this.budgetStore &&
      request.budgets && { table: this.budgetStore.table, check: request.budgets };
    await Promise.all([this.gate.ensure(), budgets && this.budgetStore?.ready()]);
    const lockKey = `${this.table.key}:${request.scopeId}`;
    const { text, params } = reserveStatement(this.table, request, lockKey, budgets);
    const { rows } = await this.db.query<ReserveRow>(text, params);
    const current = rows[0]?.budgets;
    if (current) return { reserved: false, usage: [], budgets: (current as unknown[]).map(budgetFromJson) };
    const refused = rows[0]?.refused ?? false;
    const stored = rows[0]?.stored ?? false;
    if (!refused && !stored)
      throw new ValidationError({
        field: 'request.reservationId',
        message: `request.reservationId: reservation ${request.reservationId} already exists`,
      });
    const usage = request.limits.map((limit, i) => ({
      key: limit.key,
      used: new Decimal(rows[i]!.used),
      reserved: new Decimal(rows[i]!.reserved),
    }));
    const jobUsage = rows[0]?.job_usage;
    return { reserved: stored, usage, ...(jobUsage ? { jobUsage: usageOfRow(jobUsage) } : {}) };
  }

  async measure(limits: readonly BudgetLimit[], now: number): Promise<LimitUsage[]> {
    if (limits.length === 0) return [];
    await this.gate.ensure();
    const { rows } = await this.db.query<{ used: string; reserved: string }>(measureStatement(this.table), [
      limitsParam(limits),
      now,
    ]);
    return limits.map((limit, i) => ({
      key: limit.key,
      used: new Decimal(rows[i]!.used),
      reserved: new Decimal(rows[i]!.reserved),
    }));
  }

  async settleReservation(reservationId: string, events: readonly LedgerEvent[]): Promise<ReservationState> {
    for (const event of events) assertEvent(event);
    await this.gate.ensure();
    try {
      return await this.closeReservation(reservationId, 'settled', events);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw new ValidationError({
        field: 'event.eventId',
        message: 'event.eventId: a ledger event with one of these ids already exists',
        cause: error,
      });
    }
  }

  async releaseReservation(reservationId: string): Promise<ReservationState> {
    await this.gate.ensure();
    return this.closeReservation(reservationId, 'released', []);
  }

  /**
   * Moves an open reservation to `to` and appends `events` with it, in one statement (the events only when it
   * was open); returns the state it was in (`unknown` when there is none).
   */
  private async closeReservation(
    reservationId: string,
    to: 'settled' | 'released',
    events: readonly LedgerEvent[],
  ): Promise<ReservationState> {
    const { rows } = await this.db.query<{ closed: boolean; state: ReservationState | null }>(
      closeReservationStatement(this.reservations, this.table.qualified, this.relaxesClosing),
      [reservationId, to, JSON.stringify(events.map(eventRow))],
    );
    const { closed, state } = rows[0]!;
    if (closed) return 'open';
    // the statement's snapshot predates a close that committed while its UPDATE waited: read it again
    if (state === 'open') return this.reservationState(reservationId);
    return state ?? 'unknown';
  }

  private async reservationState(reservationId: string): Promise<ReservationState> {
    const { rows } = await this.db.query<{ state: ReservationState }>(
      `SELECT state FROM ${this.reservations} WHERE reservation_id = $1`,
      [reservationId],
    );
    return rows[0]?.state ?? 'unknown';
  }

  private async insertEvents(db: SqlQueryable, events: readonly LedgerEvent[]): Promise<void> {
    for (const event of events) {
      try {
        await db.query(
          `INSERT INTO ${this.table.qualified} (${INSERT_EVENT_COLUMNS}) VALUES (${INSERT_EVENT_VALUES})`,
          paramsOf(event.toJSON() as unknown as Record<string, unknown>, LEDGER_COLUMNS),
        );
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        throw new ValidationError({
          field: 'event.eventId',
          message: `event.eventId: ledger event ${event.eventId} already exists`,
          cause: error,
        });
      }
    }
  }
}

/** A ledger event as a row of the events table (snake_case keys, the columns' JSON values). */
function eventRow(event: LedgerEvent): Record<string, unknown> {
  const json = event.toJSON() as unknown as Record<string, unknown>;
  return Object.fromEntries(LEDGER_COLUMNS.map(({ name, field }) => [name, json[field] ?? null]));
}

function assertEvent(event: LedgerEvent): LedgerEvent {
  if (event instanceof LedgerEvent) return event;
  throw new ValidationError({ field: 'event', message: 'event: must be a LedgerEvent' });
}
