import { ConcurrentModificationError, InvalidTransitionError, ManualClock } from '@agent-runtime/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryJobStore } from './in-memory-job-store';
import { JobManager } from './job-manager';
import { JobRecord } from './job-record';
import { JobStatus } from './job-status';

/** The model: the transitions the job lifecycle allows (DESIGN's state table), written independently of the code. */
interface Model {
  status: JobStatus;
  version: number;
  turn: number;
}
interface Real {
  manager: JobManager;
  jobId: string;
}

const active = (s: JobStatus) => s === 'queued' || s === 'running' || s === 'waiting_action';
const OPERATIONS = {
  start: { to: JobStatus.RUNNING, allowed: (s: JobStatus) => s === 'queued' },
  waitForAction: { to: JobStatus.WAITING_ACTION, allowed: (s: JobStatus) => s === 'running' },
  resume: { to: JobStatus.RUNNING, allowed: (s: JobStatus) => s === 'waiting_action' },
  complete: { to: JobStatus.SUCCEEDED, allowed: (s: JobStatus) => s === 'running' },
  fail: { to: JobStatus.FAILED, allowed: active },
  cancel: { to: JobStatus.CANCELLED, allowed: active },
  timeOut: { to: JobStatus.TIMED_OUT, allowed: active },
} as const;
type Operation = keyof typeof OPERATIONS;

class TransitionCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly operation: Operation) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const { to, allowed } = OPERATIONS[this.operation];
    const call =
      this.operation === 'fail'
        ? real.manager.fail(real.jobId, 'boom')
        : real.manager[this.operation](real.jobId);
    if (allowed(model.status)) {
      const job = await call;
      model.status = to;
      model.version++;
      expect(job.status).toBe(to);
    } else {
      await expect(call).rejects.toSatisfy(InvalidTransitionError.isInstance);
    }
    await expectMatches(model, real);
  }
  toString = () => this.operation;
}

class ProgressCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly turn: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const call = real.manager.updateProgress(real.jobId, 0.5, { turn: this.turn });
    if (active(model.status)) {
      await call;
      model.turn = this.turn;
      model.version++;
    } else {
      await expect(call).rejects.toSatisfy(InvalidTransitionError.isInstance);
    }
    await expectMatches(model, real);
  }
  toString = () => `progress(${this.turn})`;
}

async function expectMatches(model: Model, real: Real): Promise<void> {
  const stored = await real.manager.get(real.jobId);
  expect(stored).toMatchObject({ status: model.status, version: model.version, turn: model.turn });
}

const commands = fc.commands(
  [
    ...(Object.keys(OPERATIONS) as Operation[]).map((op) => fc.constant(new TransitionCommand(op))),
    fc.nat({ max: 50 }).map((turn) => new ProgressCommand(turn)),
  ],
  { maxCommands: 30 },
);

describe('job state machine (model-based)', () => {
  it('accepts exactly the transitions the model allows, whatever the command sequence', async () => {
    await fc.assert(
      fc.asyncProperty(commands, async (cmds) => {
        const manager = new JobManager(new InMemoryJobStore(), { clock: new ManualClock() });
        const job = await manager.create({ scopeId: 'tenant' });
        await fc.asyncModelRun(
          () => ({
            model: { status: JobStatus.QUEUED, version: 1, turn: 0 },
            real: { manager, jobId: job.jobId },
          }),
          cmds,
        );
      }),
      { numRuns: 200 },
    );
  });

  it('loses no update under any interleaving of concurrent read-modify-write writers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 8 }), async (s, writers) => {
        const store = new InMemoryJobStore();
        await store.create(new JobRecord({ jobId: 'j', scopeId: 'tenant' }));
        const get = s.scheduleFunction((id: string) => store.get(id));
        const update = s.scheduleFunction((job: JobRecord) => store.update(job));
        const increment = async () => {
          for (;;) {
            const current = (await get('j'))!;
            try {
              return await update(current.withProgress(0, { turn: current.turn + 1 }));
            } catch (error) {
              if (!ConcurrentModificationError.isInstance(error)) throw error;
            }
          }
        };
        const done = Promise.all(Array.from({ length: writers }, increment));
        await s.waitFor(done);
        const stored = await store.get('j');
        expect(stored?.turn).toBe(writers);
        expect(stored?.version).toBe(writers + 1);
      }),
      { numRuns: 200 },
    );
  });

  it('JobManager operations interleaved concurrently never skip the state machine', async () => {
    const operation = fc.constantFrom<Operation>(...(Object.keys(OPERATIONS) as Operation[]));
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(operation, { minLength: 2, maxLength: 6 }),
        async (s, ops) => {
          const store = new InMemoryJobStore();
          const scheduled = Object.create(store) as InMemoryJobStore;
          scheduled.get = s.scheduleFunction((id: string) => store.get(id));
          scheduled.update = s.scheduleFunction((job: JobRecord) => store.update(job));
          const manager = new JobManager(scheduled, { maxAttempts: 100 });
          const job = await store.create(new JobRecord({ jobId: 'j', scopeId: 'tenant' }));
          const outcomes = ops.map((op) =>
            (op === 'fail' ? manager.fail(job.jobId, 'x') : manager[op](job.jobId)).then(
              (record) => ({ op, ok: true, record, error: undefined as unknown }),
              (error: unknown) => ({ op, ok: false, record: undefined, error }),
            ),
          );
          const results = await s.waitFor(Promise.all(outcomes));
          for (const r of results) if (!r.ok) expect(InvalidTransitionError.isInstance(r.error)).toBe(true);
          const successes = results.filter((r) => r.ok).map((r) => r.record!);
          const stored = (await store.get('j'))!;
          // every success was one write: versions are distinct and account for every stored version
          expect(new Set(successes.map((r) => r.version)).size).toBe(successes.length);
          expect(stored.version).toBe(1 + successes.length);
          // replaying the successful operations in version order is a legal path through the state machine
          let status: JobStatus = JobStatus.QUEUED;
          for (const r of [...successes].sort((a, b) => a.version - b.version)) {
            const op = results.find((x) => x.record === r)!.op;
            expect(OPERATIONS[op].allowed(status)).toBe(true);
            status = OPERATIONS[op].to;
          }
          expect(stored.status).toBe(status);
        },
      ),
      { numRuns: 200 },
    );
  });
});
