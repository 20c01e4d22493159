import { describe, expect, it } from 'vitest';
import { ConcurrentModificationError } from './errors/concurrent-modification-error';
import { ValidationError } from './errors/validation-error';
import { retryOnConflict } from './retry-on-conflict';

const conflict = () =>
  new ConcurrentModificationError({ resource: 'job', id: 'job_1', expectedVersion: 1, actualVersion: 2 });

describe('retryOnConflict', () => {
  it('runs the attempt again after a concurrent modification and returns what it finally returns', async () => {
    let calls = 0;
    const result = await retryOnConflict(async () => {
      calls++;
      if (calls < 3) throw conflict();
      return 'written';
    }, 10);
    expect(result).toBe('written');
    expect(calls).toBe(3);
  });

  it('gives up after maxAttempts attempts in all, with the last conflict', async () => {
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw conflict();
    };
    await expect(retryOnConflict(attempt, 4)).rejects.toBeInstanceOf(ConcurrentModificationError);
    expect(calls).toBe(4);
  });

  it('does not retry any other error', async () => {
    let calls = 0;
    const attempt = async () => {
      calls++;
      throw new ValidationError({ field: 'x', message: 'x: bad' });
    };
    await expect(retryOnConflict(attempt, 10)).rejects.toBeInstanceOf(ValidationError);
    expect(calls).toBe(1);
  });
});
