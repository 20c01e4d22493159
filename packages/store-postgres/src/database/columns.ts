/** How a record field is stored: text, a JS number (double precision/integer), jsonb, or numeric (Decimal). */
export type ColumnKind = 'text' | 'number' | 'json' | 'numeric';

/** One column of a store's table and the camelCase JSON field of the record it holds. */
export interface Column {
  readonly name: string;
  readonly field: string;
  readonly kind: ColumnKind;
}

/** A column named after its field in snake_case: `scopeId` → `scope_id`. */
export function column(field: string, kind: ColumnKind = 'text'): Column {
  return { name: field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), field, kind };
}

const CASTS: Record<ColumnKind, string> = { text: '', number: '', json: '::jsonb', numeric: '::numeric' };

/** `$1, $2::jsonb, …` for `columns`, numbered from `first`. */
export function placeholders(columns: readonly Column[], first = 1): string[] {
  return columns.map((c, i) => `$${first + i}${CASTS[c.kind]}`);
}

/** The parameter values of `columns` from a record's JSON: absent → NULL, jsonb as a JSON string. */
export function paramsOf(json: Record<string, unknown>, columns: readonly Column[]): unknown[] {
  return columns.map(({ field, kind }) => {
    const value = json[field];
    if (value === undefined || value === null) return null;
    if (kind === 'json') return JSON.stringify(value);
    if (kind === 'numeric') return String(value);
    return value;
  });
}

/** A record's JSON from a row: NULL columns are left out, numbers (bigint/int8 too) become JS numbers. */
export function jsonOf(row: Record<string, unknown>, columns: readonly Column[]): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const { name, field, kind } of columns) {
    const value = row[name];
    if (value === null || value === undefined) continue;
    if (kind === 'number') json[field] = Number(value);
    else if (kind === 'numeric') json[field] = String(value);
    else json[field] = value;
  }
  return json;
}

/** The comma-separated column names. */
export function names(columns: readonly Column[]): string {
  return columns.map((c) => c.name).join(', ');
}
