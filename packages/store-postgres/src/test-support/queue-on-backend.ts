// Test support (not exported): a job store and its queue on tables of their own in a test backend.
import { PostgresJobQueue } from '../job-queue/postgres-job-queue';
import { PostgresJobStore } from '../job-store/postgres-job-store';
import { type TestBackend, uniqueName } from './test-databases';

export async function queueOnBackend(backend: TestBackend) {
  const db = await backend.handle();
  const jobStore = new PostgresJobStore(db, { schema: backend.schema, tableName: uniqueName('jobs') });
  const queue = new PostgresJobQueue(db, { jobStore });
  await queue.migrate();
  return { jobStore, queue };
}
