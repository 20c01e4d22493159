import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';

describe('JobManager: a job id that cannot name a job', () => {
  it.each([
    ['a Symbol', Symbol('s')],
    ['an object', { id: 1 }],
    ['over 255 characters', 'j'.repeat(256)],
    ['with a NUL byte', 'j\u0000'],
  ])('%s is a ValidationError naming jobId, for every transition', async (_what, jobId) => {
    const manager = new JobManager(new InMemoryJobStore());
    const transitions = [
      () => manager.cancel(jobId as never),
      () => manager.start(jobId as never),
      () => manager.complete(jobId as never),
      () => manager.fail(jobId as never, 'boom'),
    ];
    for (const transition of transitions) {
      const error = await transition().catch((e: unknown) => e);
      expect(ValidationError.isInstance(error) && error.field).toBe('jobId');
    }
  });
});
