import { expect, it } from 'vitest';
import { statementsOfAToolJob } from '../test-support/tool-job-statements';

it('a job with a tool call on PostgreSQL reads its job record no time: each liveness check follows a write of its own', async () => {
  // one job's record, not the background sweeps' lists
  const { sent: jobReads } = await statementsOfAToolJob(({ text }) =>
    /^SELECT \* FROM "[^"]+"\."runtime_jobs" WHERE job_id = \$1$/.test(text),
  );
  expect(jobReads).toEqual([]);
});
