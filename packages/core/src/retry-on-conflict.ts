import { ConcurrentModificationError } from './errors/concurrent-modification-error';

/**
 * Optimistic concurrency: runs `attempt` (which re-reads, changes and compare-and-sets) again while it fails
 * with ConcurrentModificationError, at most `maxAttempts` times in all; any other error ends it at once.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, maxAttempts: number): Promise<T> {
  for (let attempted = 1; ; attempted++) {
    try {
      return await attempt();
    } catch (error) {
      if (!ConcurrentModificationError.isInstance(error) || attempted >= maxAttempts) throw error;
    }
  }
}
