import { createHash } from 'node:crypto';

/** SQLSTATE of a prepared statement whose result columns changed since it was planned (a migration added one). */
const RESULT_TYPE_CHANGED = '0A000';

/**
 * The names under which one PgPoolDatabase prepares its statements: the hash of the text (the stores never put
 * values in it), so each connection parses and plans a statement once and then only binds and executes it.
 * At most `max` texts get a name (statements built per call, such as a list with its filters, must not fill
 * every connection's memory); later ones run unnamed. A statement planned before its table changed shape is
 * named anew once PostgreSQL refuses it.
 */
export class PreparedNames {
  private readonly names = new Map<string, { readonly hash: string; generation: number }>();

  constructor(private readonly max: number) {}

  /** The name to run `text` under, or undefined once `max` texts have one. */
  nameOf(text: string): string | undefined {
    let entry = this.names.get(text);
    if (entry === undefined) {
      if (this.names.size >= this.max) return undefined;
      entry = { hash: createHash('sha256').update(text).digest('hex').slice(0, 24), generation: 0 };
      this.names.set(text, entry);
    }
    return `agent_runtime_${entry.hash}_${entry.generation}`;
  }

  /** True, and `text` named anew, when `error` says its prepared statement is stale. */
  renamedAfter(text: string, error: unknown): boolean {
    const entry = this.names.get(text);
    if (entry === undefined || (error as { code?: unknown } | null)?.code !== RESULT_TYPE_CHANGED)
      return false;
    entry.generation += 1;
    return true;
  }
}
