import { NotFoundError } from '@agent-runtime/core';
import { readmeAndSourceShapes } from '@agent-runtime/test-helpers';
import { describe, expect, it } from 'vitest';
import { InMemoryJobQueue, InMemoryJobStore, JobManager, JobRecord, JobStatus } from './index';

describe('README examples', () => {
  it('Records', () => {
    let job = new JobRecord({
      jobId: 'job-123',
      scopeId: 'tenant-123',
      principalId: 'user-456',
      sessionId: 'session-789',
      runId: 'run-abc',
      idempotencyKey: 'unique-key', // for deduplication
      status: JobStatus.QUEUED,
      deadline: Date.now() + 300_000, // absolute timeout, epoch ms
      budgets: { maxTokens: 10_000, maxCost: '1.00' },
      policyRef: { name: 'default' },
      metadata: { source: 'api' },
      tags: { priority: 'high' },
    });

    // State transitions: each returns a new, frozen record
    job = job.transitionTo(JobStatus.RUNNING);
    job = job.withProgress(0.5, { turn: 3 });
    job = job.withError('Something failed', { errorCode: 'E001' });
    job = job.withResult('result-ref-123');

    // Validation
    expect(job.canTransitionTo(JobStatus.SUCCEEDED)).toBe(true);
    expect(job).toMatchObject({ status: 'running', progress: 0.5, turn: 3, resultRef: 'result-ref-123' });
    expect(job.error).toEqual({ message: 'Something failed', code: 'E001' });
  });

  it('JobManager', async () => {
    const store = new InMemoryJobStore();
    const manager = new JobManager(store); // optionally { eventBus, clock }

    // Create a job
    let job = await manager.create({
      scopeId: 'tenant-123',
      principalId: 'user-456',
      idempotencyKey: 'unique-key',
      budgets: { maxTokens: 10_000 },
    });

    // Lifecycle operations
    job = await manager.start(job.jobId);
    job = await manager.updateProgress(job.jobId, 0.5, { turn: 3 });
    job = await manager.waitForAction(job.jobId);
    job = await manager.resume(job.jobId);
    job = await manager.complete(job.jobId, { resultRef: 'result-123' });

    const other = await manager.create({ scopeId: 'tenant-123' });
    await manager.fail(other.jobId, 'Error message', { errorCode: 'E001' });
    const third = await manager.create({ scopeId: 'tenant-123' });
    await manager.cancel(third.jobId, { reason: 'User cancelled' });

    // Query
    const same = await manager.get(job.jobId);
    const running = await manager.list({ scopeId: 'tenant-123', status: JobStatus.RUNNING });
    const byKey = await manager.getByIdempotencyKey('unique-key', { scopeId: 'tenant-123' });

    expect(same?.status).toBe(JobStatus.SUCCEEDED);
    expect(same?.resultRef).toBe('result-123');
    expect(running).toEqual([]);
    expect(byKey?.jobId).toBe(job.jobId);
    expect((await manager.get(other.jobId))?.status).toBe(JobStatus.FAILED);
    expect((await manager.get(third.jobId))?.status).toBe(JobStatus.CANCELLED);
  });

  it('Tenant-scoped reads and cancel', async () => {
    const jobs = new JobManager(new InMemoryJobStore());
    const theirs = await jobs.create({ scopeId: 'tenant-b', idempotencyKey: 'order-1' });

    expect(await jobs.get(theirs.jobId, { scopeId: 'tenant-a' })).toBeUndefined();
    expect(await jobs.list({ status: 'queued' }, { scopeId: 'tenant-a' })).toEqual([]);
    expect(await jobs.getByIdempotencyKey('order-1', { scopeId: 'tenant-a' })).toBeUndefined();
    await expect(jobs.cancel(theirs.jobId, { scopeId: 'tenant-a', reason: 'x' })).rejects.toSatisfy(
      NotFoundError.isInstance,
    );
    expect((await jobs.get(theirs.jobId))?.status).toBe(JobStatus.QUEUED);
  });

  it('JobQueue', async () => {
    const queue = new InMemoryJobQueue();
    await queue.setScopeLimits({ scopeId: 'tenant-a', maxRunningJobs: 2 });
    for (let i = 0; i < 10; i++) await queue.enqueue(new JobRecord({ jobId: `a-${i}`, scopeId: 'tenant-a' }));
    await queue.enqueue(new JobRecord({ jobId: 'b-0', scopeId: 'tenant-b' }), { priority: 1 });

    const claimed = await queue.claim({ workerId: 'worker-1', limit: 5, leaseMs: 30_000 });
    expect(claimed.map((job) => job.jobId).sort()).toEqual(['a-0', 'a-1', 'b-0']);
    expect(await queue.release('a-1', { workerId: 'worker-1' })).toMatchObject({ status: JobStatus.QUEUED });
    expect(
      (await queue.claim({ workerId: 'worker-2', limit: 5, leaseMs: 30_000 })).map((j) => j.jobId),
    ).toEqual(['a-1']);
  });
});

describe('README interface copies', () => {
  it.each([['JobStore', 'job-store.ts']])('%s has the members and parameters of the source', (name, file) => {
    const { readme, source } = readmeAndSourceShapes(
      new URL('../README.md', import.meta.url).pathname,
      new URL(file, import.meta.url).pathname,
      name,
    );
    expect(source).toBeDefined();
    expect(readme).toEqual(source);
  });
});
