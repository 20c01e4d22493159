import { describe, expect, it } from 'vitest';
import { orchestrationConfig } from './orchestration-config';

describe('orchestrationConfig', () => {
  it('fills the reference defaults', () => {
    expect(orchestrationConfig()).toEqual({
      maxChildJobs: 10,
      maxDepth: 5,
      timeoutSeconds: 300,
      inheritBudgets: true,
      propagateCancellation: true,
      parallelExecution: true,
      maxParallel: 5,
    });
  });

  it.each([
    [{ maxChildJobs: 0 }, 'config.maxChildJobs'],
    [{ maxDepth: -1 }, 'config.maxDepth'],
    [{ timeoutSeconds: 0 }, 'config.timeoutSeconds'],
    [{ inheritBudgets: 'yes' }, 'config.inheritBudgets'],
    [{ maxParallel: 1.5 }, 'config.maxParallel'],
    [{ max_parallel: 2 }, 'config'],
  ])('rejects %j naming %s', (input, field) => {
    expect(() => orchestrationConfig(input as never)).toThrow(expect.objectContaining({ field }));
  });
});
