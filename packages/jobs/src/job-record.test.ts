import { InvalidTransitionError, ManualClock, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { JobRecord } from './job-record';
import { isActiveStatus, isTerminalStatus, JOB_STATUSES, JobStatus } from './job-status';

const T0 = Date.UTC(2026, 0, 1);
const ALLOWED: Record<JobStatus, JobStatus[]> = {
  queued: ['running', 'failed', 'cancelled', 'timed_out'],
  running: ['waiting_action', 'succeeded', 'failed', 'cancelled', 'timed_out'],
  waiting_action: ['running', 'failed', 'cancelled', 'timed_out'],
  succeeded: [],
  failed: [],
  cancelled: [],
  timed_out: [],
};

const record = (status: JobStatus = JobStatus.QUEUED) =>
  new JobRecord({ jobId: 'job-1', scopeId: 'tenant-1', status, createdAt: T0 });

describe('JobStatus', () => {
  it('has seven states, four terminal and three active', () => {
    expect(JOB_STATUSES).toHaveLength(7);
    expect(JOB_STATUSES.filter(isTerminalStatus)).toEqual(['succeeded', 'failed', 'cancelled', 'timed_out']);
    expect(JOB_STATUSES.filter(isActiveStatus)).toEqual(['queued', 'running', 'waiting_action']);
  });
});

describe('JobRecord transitions', () => {
  for (const from of JOB_STATUSES) {
    for (const to of JOB_STATUSES) {
      const allowed = ALLOWED[from].includes(to);
      it(`${from} → ${to} is ${allowed ? 'allowed' : 'refused'}`, () => {
        const job = record(from);
        expect(job.canTransitionTo(to)).toBe(allowed);
        if (allowed) {
          const moved = job.transitionTo(to, { now: T0 + 10 });
          expect(moved.status).toBe(to);
          expect(moved.updatedAt).toBe(T0 + 10);
          expect(job.status).toBe(from);
        } else {
          const error = (() => {
            try {
              job.transitionTo(to);
            } catch (e) {
              return e;
            }
          })();
          expect(InvalidTransitionError.isInstance(error)).toBe(true);
          expect(error).toMatchObject({ entity: 'job', id: 'job-1', from, to });
        }
      });
    }
  }

  it('stamps startedAt on the first run only and finishedAt on a terminal state', () => {
    const running = record().transitionTo(JobStatus.RUNNING, { now: T0 + 1 });
    expect(running.startedAt).toBe(T0 + 1);
    const resumed = running
      .transitionTo(JobStatus.WAITING_ACTION, { now: T0 + 2 })
      .transitionTo(JobStatus.RUNNING, { now: T0 + 3 });
    expect(resumed.startedAt).toBe(T0 + 1);
    expect(resumed.finishedAt).toBeUndefined();
    const done = resumed.transitionTo(JobStatus.SUCCEEDED, { now: T0 + 4 });
    expect(done.finishedAt).toBe(T0 + 4);
    expect(done.isTerminal).toBe(true);
    expect(done.isActive).toBe(false);
  });

  it('rejects a status that does not exist', () => {
    expect(() => record().transitionTo('done' as JobStatus)).toThrow(ValidationError);
  });
});

describe('JobRecord updates', () => {
  it('sets progress and turn, keeping the turn when omitted', () => {
    const job = record(JobStatus.RUNNING).withProgress(0.5, { turn: 3, now: T0 + 5 });
    expect(job).toMatchObject({ progress: 0.5, turn: 3, updatedAt: T0 + 5 });
    expect(job.withProgress(0.75).turn).toBe(3);
  });

  it.each([
    [-0.1, undefined, 'progress'],
    [1.1, undefined, 'progress'],
    [0.5, -1, 'turn'],
    [0.5, 1.5, 'turn'],
  ])('rejects progress %d with turn %s (field %s)', (progress, turn, field) => {
    const error = (() => {
      try {
        record().withProgress(progress, { turn });
      } catch (e) {
        return e;
      }
    })();
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  });

  it.each([
    ['an empty lease owner', (job: JobRecord) => job.withLease('', T0), 'job.leaseOwner'],
    ['a NUL in the lease owner', (job: JobRecord) => job.withLease('w\u0000', T0), 'job.leaseOwner'],
    ['a negative lease expiry', (job: JobRecord) => job.withLease('w', -1), 'job.leaseExpiresAt'],
    ['version 0', (job: JobRecord) => job.withVersion(0), 'job.version'],
    ['a fractional version', (job: JobRecord) => job.withVersion(1.5), 'job.version'],
    [
      'negative recoveries',
      (job: JobRecord) => job.withStoreFields({ version: 2, recoveries: -1 }),
      'job.recoveries',
    ],
    ['an empty result ref', (job: JobRecord) => job.withResult(''), 'job.resultRef'],
    ['a NaN time', (job: JobRecord) => job.withResult('r', { now: Number.NaN }), 'job.updatedAt'],
    [
      'a checkpoint that is not JSON',
      (job: JobRecord) => job.withCheckpoint({ at: new Date() } as never),
      'job.checkpoint.at',
    ],
  ])('a copy refuses %s, naming %s', (_, change, field) => {
    expect(() => change(record(JobStatus.RUNNING))).toThrow(
      expect.objectContaining({ name: 'ValidationError', field }),
    );
  });

  it('a copy shares the unchanged frozen values and freezes what it patched', () => {
    const job = record(JobStatus.RUNNING);
    const checkpointed = job.withCheckpoint({ messages: [{ role: 'user', text: 'hi' }] });
    expect(checkpointed.metadata).toBe(job.metadata);
    expect(Object.isFrozen(checkpointed)).toBe(true);
    expect(Object.isFrozen((checkpointed.checkpoint as { messages: object[] }).messages[0])).toBe(true);
  });

  it('refuses progress and checkpoints once terminal', () => {
    const done = record(JobStatus.SUCCEEDED);
    expect(() => done.withProgress(0.5)).toThrow(InvalidTransitionError);
    expect(() => done.withCheckpoint({ turn: 1 })).toThrow(InvalidTransitionError);
  });

  it('records an error, a result and a checkpoint', () => {
    const job = record(JobStatus.RUNNING)
      .withError('Something failed', { errorCode: 'E001' })
      .withResult('result-ref-123')
      .withCheckpoint({ messages: ['hi'], turn: 2 });
    expect(job.error).toEqual({ message: 'Something failed', code: 'E001' });
    expect(job.resultRef).toBe('result-ref-123');
    expect(job.checkpoint).toEqual({ messages: ['hi'], turn: 2 });
    expect(record().withError('no code').error).toEqual({ message: 'no code' });
  });

  it('keeps the version: only stores change it', () => {
    const job = record().withVersion(4);
    expect(job.transitionTo(JobStatus.RUNNING).version).toBe(4);
  });
});

describe('JobRecord immutability and JSON', () => {
  it('is frozen deeply and copies what it was given', () => {
    const metadata = { nested: { a: 1 } };
    const job = new JobRecord({ jobId: 'j', scopeId: 's', metadata, checkpoint: { list: [1] } });
    metadata.nested.a = 2;
    expect(job.metadata).toEqual({ nested: { a: 1 } });
    expect(Object.isFrozen(job)).toBe(true);
    expect(() => {
      (job.metadata.nested as { a: number }).a = 3;
    }).toThrow(TypeError);
    expect(() => {
      ((job.checkpoint as { list: number[] }).list as number[]).push(2);
    }).toThrow(TypeError);
  });

  it('round-trips through JSON, money as a decimal string', () => {
    const job = new JobRecord({
      jobId: 'j',
      scopeId: 's',
      principalId: 'p',
      budgets: { maxCost: '0.10', maxTokens: 5 },
      policyRef: { name: 'default' },
      tags: { priority: 'high' },
      deadline: T0 + 1,
      createdAt: T0,
    }).transitionTo(JobStatus.RUNNING, { now: T0 + 1 });
    const json = JSON.parse(JSON.stringify(job));
    expect(json.budgets).toEqual({ maxCost: '0.1', maxTokens: 5 });
    const back = JobRecord.fromJSON(json);
    expect(back.toJSON()).toEqual(job.toJSON());
    expect(back.budgets.maxCost?.toString()).toBe('0.1');
  });

  it('rejects invalid records naming the field', () => {
    for (const [input, field] of [
      [{ jobId: '', scopeId: 's' }, 'job.jobId'],
      [{ jobId: 'j', scopeId: 's', progress: 2 }, 'job.progress'],
      [{ jobId: 'j', scopeId: 's', metadata: { f: () => 1 } }, 'job.metadata.f'],
      [{ jobId: 'j', scopeId: 's', extra: 1 }, 'job'],
    ] as const) {
      const error = (() => {
        try {
          JobRecord.fromJSON(input);
        } catch (e) {
          return e;
        }
      })();
      expect(ValidationError.isInstance(error), JSON.stringify(input)).toBe(true);
      expect((error as ValidationError).field).toBe(field);
    }
  });
});

describe('JobRecord.create', () => {
  it('makes a queued job at version 1 with the clock time and a generated id', () => {
    const clock = new ManualClock(T0);
    const job = JobRecord.create({ scopeId: 's', budgets: { maxTokens: 10 } }, { clock });
    expect(job).toMatchObject({
      status: 'queued',
      version: 1,
      createdAt: T0,
      updatedAt: T0,
      progress: 0,
      turn: 0,
    });
    expect(job.jobId).toMatch(/^job_/);
    expect(job.budgets.maxTokens).toBe(10);
  });

  it('takes the earlier of deadline and timeoutSeconds', () => {
    const clock = new ManualClock(T0);
    expect(JobRecord.create({ scopeId: 's', timeoutSeconds: 30 }, { clock }).deadline).toBe(T0 + 30_000);
    expect(
      JobRecord.create({ scopeId: 's', timeoutSeconds: 30, deadline: T0 + 10 }, { clock }).deadline,
    ).toBe(T0 + 10);
    expect(
      JobRecord.create({ scopeId: 's', timeoutSeconds: 1, deadline: T0 + 5000 }, { clock }).deadline,
    ).toBe(T0 + 1000);
  });

  it('rejects a bad spec naming the field', () => {
    expect(() => JobRecord.create({ scopeId: '' })).toThrow(/spec\.scopeId/);
    expect(() => JobRecord.create({ scopeId: 's', budgets: { maxCost: '-1' } })).toThrow(
      /spec\.budgets\.maxCost/,
    );
    expect(() => JobRecord.create({ scopeId: 's', timeoutSeconds: 0 })).toThrow(/spec\.timeoutSeconds/);
  });

  it('checks what it adds to the spec: a deadline past any time, a clock that is not one', () => {
    const clock = new ManualClock(T0);
    expect(() => JobRecord.create({ scopeId: 's', timeoutSeconds: Number.MAX_VALUE }, { clock })).toThrow(
      /job\.deadline/,
    );
    expect(() => JobRecord.create({ scopeId: 's' }, { clock: { now: () => Number.NaN } as never })).toThrow(
      /job\.createdAt/,
    );
  });

  it('builds the record the constructor builds from the same fields, frozen', () => {
    const clock = new ManualClock(T0);
    const spec = {
      jobId: 'job-7',
      scopeId: 's',
      budgets: { maxCost: '0.5', maxTurns: 3 },
      policyRef: { name: 'prod' },
      metadata: { nested: { a: [1] } },
      tags: { team: 'x' },
    };
    const job = JobRecord.create(spec, { clock });
    const constructed = new JobRecord({ ...spec, status: JobStatus.QUEUED, createdAt: T0, updatedAt: T0 });
    expect(job.toJSON()).toEqual(constructed.toJSON());
    expect({ ...job }).toEqual({ ...constructed });
    expect(Object.isFrozen(job)).toBe(true);
    expect(Object.isFrozen(job.budgets) && Object.isFrozen(job.metadata.nested)).toBe(true);
    expect(job.metadata).not.toBe(spec.metadata);
    const bare = JobRecord.create({ scopeId: 's' }, { clock });
    expect({ ...bare }).toEqual({ ...new JobRecord({ jobId: bare.jobId, scopeId: 's', createdAt: T0 }) });
  });
});
