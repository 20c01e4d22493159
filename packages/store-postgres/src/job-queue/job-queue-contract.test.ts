import { describeJobQueueContract } from '@agent-runtime/jobs/testing';
import { PostgresJobStore } from '../job-store/postgres-job-store';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresJobQueue } from './postgres-job-queue';

for (const backend of useBackends()) {
  describeJobQueueContract(`PostgresJobQueue (${backend.name})`, async () => {
    const db = await backend.handle();
    const store = new PostgresJobStore(db, { schema: backend.schema, tableName: uniqueName('jobs') });
    return { queue: new PostgresJobQueue(db, { jobStore: store }), store };
  });
}
