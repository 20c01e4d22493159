import { describe, expect, it } from 'vitest';
import { jobLifecycleEvent } from './job-lifecycle-event';

describe('jobLifecycleEvent', () => {
  it("carries the job's identity, the time and the data, and no session it was not given", () => {
    const job = { jobId: 'job_1', scopeId: 'acme', principalId: 'u1', runId: 'run_1', traceId: 'trace_1' };
    const event = jobLifecycleEvent({ type: 'job.completed', data: { resultRef: 'r1' } }, job, 1234);
    expect(event).toMatchObject({
      type: 'job.completed',
      timestamp: 1234,
      data: { resultRef: 'r1' },
      ...job,
    });
    expect(event.sessionId).toBeUndefined();
  });
});
