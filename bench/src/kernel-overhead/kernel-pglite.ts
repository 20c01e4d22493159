import { createPostgresStores, openPGlite } from '@agent-runtime/store-postgres';
import type { JobRunner } from './job-runner';
import { kernelJobs } from './kernel-job';

/** (c) The kernel with its job, action and ledger stores on PGlite (embedded PostgreSQL, in memory). */
export const kernelPGlite: JobRunner = {
  row: '(c) agent-runtime kernel, PGlite stores',
  async setup() {
    const db = await openPGlite();
    const { jobStore, actionStore, ledgerWriter, migrate } = createPostgresStores(db);
    await migrate();
    const jobs = kernelJobs(kernelPGlite.row, { jobStore, actionStore, ledgerWriter });
    return {
      runJob: jobs.runJob,
      async close() {
        await jobs.close();
        await db.close();
      },
    };
  },
};
