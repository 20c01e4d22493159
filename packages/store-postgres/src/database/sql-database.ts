/** One result of a query: the rows and how many rows the statement touched. */
export interface SqlResult<Row> {
  readonly rows: Row[];
  readonly rowCount: number;
}

/** Runs one parameterized statement (`$1`, `$2`, …). Never interpolate values into `text`. */
export interface SqlQueryable {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<SqlResult<Row>>;
}

/**
 * The small query interface every store runs on, over a `pg.Pool` or a PGlite instance. `transaction` runs
 * `work` on one connection between BEGIN and COMMIT, and rolls back when it throws, so nothing is half-written.
 */
export interface SqlDatabase extends SqlQueryable {
  readonly kind: 'pg' | 'pglite';
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
}

/** What the stores need of a `pg.Pool` (structural, so `pg` stays an optional peer). */
export interface PgPoolLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  connect(): Promise<PgPoolClientLike>;
  readonly totalCount: number;
  /** `pg.Pool` emits `'error'` when an idle connection breaks and `'acquire'` as it hands one out. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  on?(event: 'acquire', listener: (client: PgPoolClientLike) => void): unknown;
}

export interface PgPoolClientLike {
  query(text: string, params?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
  release(destroy?: boolean | Error): void;
  /** A checked-out `pg` client emits `'error'` when its connection breaks. */
  on?(event: 'error', listener: (error: Error) => void): unknown;
  removeListener?(event: 'error', listener: (error: Error) => void): unknown;
}

/** What the stores need of a PGlite instance (structural, so `@electric-sql/pglite` stays an optional peer). */
export interface PGliteLike {
  query(
    text: string,
    params?: unknown[],
  ): Promise<{ rows: unknown[]; affectedRows?: number; rowCount?: number }>;
  transaction<T>(
    work: (tx: {
      query(
        text: string,
        params?: unknown[],
      ): Promise<{ rows: unknown[]; affectedRows?: number; rowCount?: number }>;
    }) => Promise<T>,
  ): Promise<T>;
  exec(text: string): Promise<unknown>;
}

/** A store's `db` argument: a `pg.Pool`, a PGlite instance, or an already adapted SqlDatabase. */
export type PostgresDatabase = PgPoolLike | PGliteLike | SqlDatabase;
