import { Decimal, ManualClock, RuntimeEvent, type RuntimeEventContent } from '@agent-runtime/core';
import { JobRecord, JobStatus } from '@agent-runtime/jobs';
import { LedgerEvent, LedgerEventType } from '@agent-runtime/ledger';
import { describe, expect, it } from 'vitest';
import { createPostgresStores, type PostgresStoresOptions } from '../create-postgres-stores';
import { PostgresJobStore } from '../job-store/postgres-job-store';
import { recordingCommits } from '../test-support/commit-settings';
import { type TestBackend, uniqueName, useBackends } from '../test-support/test-databases';

const backends = useBackends();
const clock = new ManualClock(1_700_000_000_000);
const lease = { owner: 'w1', leaseMs: 30_000 };

const eventOf = (job: JobRecord, content: RuntimeEventContent) =>
  new RuntimeEvent({ ...content, jobId: job.jobId, scopeId: job.scopeId, timestamp: clock.now() });

const reservation = (reservationId: string) => ({
  reservationId,
  scopeId: 's',
  amount: { tokens: 10, cost: new Decimal('0.01'), requests: 1, toolCalls: 0 },
  limits: [],
  now: clock.now(),
  expiresAt: clock.now() + 60_000,
});
const TOTALS = { inputTokens: 1, outputTokens: 1, totalTokens: 2, totalCost: '0' };
const usage = () =>
  new LedgerEvent({ type: LedgerEventType.MODEL_USAGE, timestamp: clock.now(), scopeId: 's' });

/**
 * The writes of one job's run through the stores, each labelled, and whether its commit waited for the WAL
 * flush (read in its own transaction just before COMMIT).
 */
async function commitsOfARun(backend: TestBackend, options: PostgresStoresOptions) {
  const recorder = recordingCommits(await backend.db());
  const { jobStore, eventLog, ledgerWriter, migrate } = createPostgresStores(recorder.db, options);
  await migrate();
  const labels: [string, boolean][] = [];
  const step = async <T>(label: string, write: () => Promise<T>): Promise<T> => {
    const before = recorder.commits.length;
    const result = await write();
    const written = recorder.commits.slice(before).filter((c) => /\b(INSERT|UPDATE|DELETE)\b/i.test(c.text));
    for (const commit of written) labels.push([label, commit.synchronous]);
    return result;
  };
  const created = await step('create', () => jobStore.create(JobRecord.create({ scopeId: 's' }, { clock })));
  const running = await step('start (a transition)', () =>
    jobStore.update(created.transitionTo(JobStatus.RUNNING).withLease('w1', clock.now() + 30_000), {
      durabilityPoint: true,
    }),
  );
  await step('reserve', () => ledgerWriter.reserve(reservation(`${running.jobId}-r1`)));
  const checkpointed = await step('checkpoint', () => jobStore.update(running.withCheckpoint({ step: 1 })));
  const stepped = await step('checkpoint + model.done', () =>
    jobStore.updateWithEvents(checkpointed.withProgress(0.5), [
      eventOf(running, { type: 'progress', data: { progress: 0.5 } }),
    ]),
  );
  await step('settle', () => ledgerWriter.settleReservation(`${running.jobId}-r1`, [usage()]));
  await step('tokens', () =>
    eventLog.append([eventOf(running, { type: 'model.token', data: { step: 1, delta: 'a' } })]),
  );
  const journalled = await step('tool journal running', () =>
    jobStore.update(stepped.job.withCheckpoint({ step: 1, tool: 'running' }), { durabilityPoint: true }),
  );
  const renewed = await step('lease renewal', () => jobStore.renewLease(running.jobId, lease));
  await step('final.result', () =>
    eventLog.append([
      eventOf(running, { type: 'final.result', data: { content: 'x', usage: TOTALS, turns: 1 } }),
    ]),
  );
  const waiting = await step('waiting_action', () =>
    jobStore.update((renewed ?? journalled).transitionTo(JobStatus.WAITING_ACTION)),
  );
  await step('ended', () => jobStore.update(waiting.transitionTo(JobStatus.CANCELLED)));
  return labels;
}

describe.each(backends)('synchronousCommit on $name', (backend) => {
  const options = () => ({
    schema: backend.schema,
    tableNames: { jobs: uniqueName('jobs'), events: uniqueName('events'), ledger: uniqueName('ledger') },
  });

  it("'durability-points' (createPostgresStores' default): only checkpoints, step events, settlements and lease renewals commit without waiting for the flush", async () => {
    expect(await commitsOfARun(backend, options())).toEqual([
      ['create', true],
      ['start (a transition)', true],
      ['reserve', true],
      ['checkpoint', false],
      ['checkpoint + model.done', false],
      ['settle', false],
      ['tokens', false],
      ['tool journal running', true],
      ['lease renewal', false],
      ['final.result', true],
      ['waiting_action', true],
      ['ended', true],
    ]);
  });

  it("'always': every commit waits for the flush", async () => {
    const labels = await commitsOfARun(backend, { ...options(), synchronousCommit: 'always' });
    expect(labels.length).toBe(12);
    expect(labels.filter(([, synchronous]) => !synchronous)).toEqual([]);
  });

  it('a store constructed on its own waits for every flush', async () => {
    const recorder = recordingCommits(await backend.db());
    const store = new PostgresJobStore(recorder.db, {
      schema: backend.schema,
      tableName: uniqueName('jobs'),
    });
    const job = await store.create(JobRecord.create({ scopeId: 's' }, { clock }));
    await store.update(job.transitionTo(JobStatus.RUNNING));
    const running = recorder.commits.filter((c) => /^UPDATE/.test(c.text));
    expect(running.map((c) => c.synchronous)).toEqual([true]);
  });
});
