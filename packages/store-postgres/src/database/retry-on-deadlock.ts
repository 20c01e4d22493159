import { PostgresQueryError } from './postgres-query-error';

/** SQLSTATE of a statement PostgreSQL cancelled to break a lock cycle; nothing it did is kept. */
const DEADLOCK_DETECTED = '40P01';

/**
 * Runs a single-statement `write` again when PostgreSQL chose it as a deadlock's victim, at most `attempts`
 * times in all; the last failure is thrown. Only for a statement that is its own transaction: a victim inside
 * a larger transaction has lost the whole transaction, not only the statement.
 */
export async function retryOnDeadlock<T>(write: () => Promise<T>, attempts: number): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      const deadlocked = PostgresQueryError.isInstance(error) && error.sqlState === DEADLOCK_DETECTED;
      if (!deadlocked || attempt >= attempts) throw error;
    }
  }
}
