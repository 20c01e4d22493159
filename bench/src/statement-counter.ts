import pg from 'pg';

/** What the pg clients of this process sent while counting. */
export interface StatementCount {
  /** By kind: the verb and the table, without the schema (`INSERT runtime_events`, `BEGIN`, …). */
  statements: Map<string, number>;
  /** COMMITs plus writing statements sent outside a transaction: each one a commit on the server. */
  commits: number;
  /** Of `commits`, those that turn `synchronous_commit` off for their own transaction: no WAL flush waited for. */
  relaxedCommits?: number;
}

let current: StatementCount | undefined;
/** How a store turns the WAL flush off for a statement's own commit (`createPostgresStores`' durability points). */
const RELAXED = /set_config\('synchronous_commit', 'off', true\)/;
let installed = false;
const inTransaction = new WeakSet<pg.Client>();
const relaxedTransaction = new WeakSet<pg.Client>();

/**
 * Runs `run` while counting every statement any pg client of this process sends (at `pg.Client.prototype.query`,
 * so pool queries, transactions and other libraries on the same `pg` count alike). Counts do not depend on load.
 * One count at a time: nothing else of this process may send statements meanwhile that should not count.
 */
export async function countingStatements<T>(
  run: () => Promise<T>,
): Promise<{ result: T; count: StatementCount }> {
  install();
  if (current) throw new Error('countingStatements: already counting');
  const count: StatementCount = { statements: new Map(), commits: 0 };
  current = count;
  try {
    return { result: await run(), count };
  } finally {
    current = undefined;
  }
}

/** `into` plus `count`, kind by kind. */
export function addCount(into: StatementCount, count: StatementCount): void {
  for (const [kind, n] of count.statements) into.statements.set(kind, (into.statements.get(kind) ?? 0) + n);
  into.commits += count.commits;
  into.relaxedCommits = (into.relaxedCommits ?? 0) + (count.relaxedCommits ?? 0);
}

/** The commits of `count` that waited for the WAL flush. */
export function synchronousCommits(count: StatementCount): number {
  return count.commits - (count.relaxedCommits ?? 0);
}

/** Every statement of `count`, all kinds. */
export function statementTotal(count: StatementCount): number {
  return [...count.statements.values()].reduce((a, b) => a + b, 0);
}

function install(): void {
  if (installed) return;
  installed = true;
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = statementText(args[0]);
    const commit = endsTransaction(this, text);
    if (!commit && inTransaction.has(this) && RELAXED.test(text)) relaxedTransaction.add(this);
    if (current) {
      const kind = statementKind(text);
      current.statements.set(kind, (current.statements.get(kind) ?? 0) + 1);
      if (commit) current.commits += 1;
      if (commit && relaxedCommit(this, text)) current.relaxedCommits = (current.relaxedCommits ?? 0) + 1;
    }
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

function statementText(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { text?: string })?.text ?? '?');
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * True for a statement whose commit the server makes durable (a WAL flush, the 2–3 ms of a write): COMMIT,
 * or an INSERT / UPDATE / DELETE (also inside WITH) sent outside a transaction. Tracks BEGIN … COMMIT per client.
 */
function endsTransaction(client: pg.Client, text: string): boolean {
  const verb = text.split(' ')[0]!.toUpperCase();
  if (verb === 'BEGIN') inTransaction.add(client);
  if (verb === 'COMMIT' || verb === 'ROLLBACK') inTransaction.delete(client);
  if (verb === 'COMMIT') return true;
  if (inTransaction.has(client)) return false;
  return (
    /^(INSERT|UPDATE|DELETE)$/.test(verb) || (verb === 'WITH' && /\b(INSERT|UPDATE|DELETE)\b/i.test(text))
  );
}

/** True for a commit (see endsTransaction) of a statement or transaction that turned synchronous_commit off. */
function relaxedCommit(client: pg.Client, text: string): boolean {
  if (RELAXED.test(text)) return true;
  const relaxed = relaxedTransaction.has(client);
  relaxedTransaction.delete(client);
  return relaxed;
}

/** The verb and the table it works on, without the schema: what a reader needs to see what is batched. */
function statementKind(words: string): string {
  const verb = words.split(' ')[0]!.toUpperCase();
  const table = /(?:FROM|INTO|UPDATE|JOIN)\s+(?:"[^"]+"\.)?"?([a-z_]+)"?/i.exec(words)?.[1];
  const advisory = /pg_advisory_xact_lock/i.test(words) ? ' (advisory lock)' : '';
  return `${verb}${table ? ` ${table}` : ''}${advisory}`;
}
