/** Collects the parameters of one statement and the conditions of its WHERE clause. */
export class SqlParams {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a value and returns its placeholder (`$3`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** Adds a condition to the WHERE clause. */
  where(condition: string): this {
    this.conditions.push(condition);
    return this;
  }

  /** `WHERE a AND b`, or an empty string without conditions. */
  whereClause(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}
