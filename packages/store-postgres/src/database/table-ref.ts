import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/** Unquoted SQL identifier; at most 40 characters so every index name derived from a table name fits in 63. */
export const identifierSchema = z
  .string()
  .regex(
    /^[A-Za-z_][A-Za-z0-9_]*$/,
    'must be an SQL identifier (letters, digits, underscores; not starting with a digit)',
  )
  .max(40);

/** A schema name: an identifier that PostgreSQL does not reserve (`pg_*`, `information_schema`). */
export const schemaNameSchema = identifierSchema.refine(
  (name) => !/^pg_/i.test(name) && name.toLowerCase() !== 'information_schema',
  'is reserved by PostgreSQL (pg_* and information_schema are system schemas)',
);

/** Options every Postgres store takes: where its table lives. */
export interface TableOptions {
  /** The store's table; a default per store. */
  tableName?: string;
  /** The PostgreSQL schema of the table (created if missing); defaults to the connection's search_path. */
  schema?: string;
}

const tableOptionsSchema = z.strictObject({
  tableName: identifierSchema.optional(),
  schema: schemaNameSchema.optional(),
});

/** A validated, quoted table name and the names derived from it (indexes, migration key). */
export class TableRef {
  readonly tableName: string;
  readonly schema?: string;
  /** `"schema"."table"` or `"table"`, safe to put into SQL. */
  readonly qualified: string;

  private constructor(tableName: string, schema: string | undefined) {
    this.tableName = tableName;
    if (schema !== undefined) this.schema = schema;
    this.qualified = schema === undefined ? quote(tableName) : `${quote(schema)}.${quote(tableName)}`;
  }

  /** Validates `options` (a ValidationError names the field) and applies the store's default table name. */
  static from(options: TableOptions | undefined, defaultTableName: string, what: string): TableRef {
    const parsed = parseInput(tableOptionsSchema, options ?? {}, what);
    return new TableRef(parsed.tableName ?? defaultTableName, parsed.schema);
  }

  /** A quoted, unqualified name derived from the table's, for its indexes: `"table_suffix"`. */
  derived(suffix: string): string {
    return quote(`${this.tableName}_${suffix}`);
  }

  /** A companion table of this one, schema-qualified: `"schema"."table_suffix"`. */
  companion(suffix: string): string {
    return this.sibling(`${this.tableName}_${suffix}`);
  }

  /** The quoted schema-qualified name of another object in this table's schema. */
  sibling(name: string): string {
    return this.schema === undefined ? quote(name) : `${quote(this.schema)}.${quote(name)}`;
  }

  /** Identifies this table among migrations: `schema.table`, or the table name alone. */
  get key(): string {
    return this.schema === undefined ? this.tableName : `${this.schema}.${this.tableName}`;
  }
}

function quote(name: string): string {
  return `"${name}"`;
}
