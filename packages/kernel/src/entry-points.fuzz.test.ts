import { hostileValues } from '@agent-runtime/core/testing';
import { createPostgresStores, PostgresJobStore } from '@agent-runtime/store-postgres';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActionStore,
  AgentRuntimeError,
  ExecutionContext,
  InMemoryActionStore,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  JobRecord,
  type JobStore,
  LedgerEvent,
  type LedgerWriter,
  RuntimeKernel,
} from './index';
import { oneStepDriver } from './test-helpers';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `ar_fuzz_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
const RUNS = 50;

/** What the issue measured breaking the stores, and what breaks JSON. */
const hostile = fc.constantFrom<unknown>(...hostileValues(), '', '-1', 1e300, -1, 2 ** 53 + 1, Symbol('s'));
const anyValue = fc.oneof(
  hostile,
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.anything({ withBigInt: true, withNullPrototype: true, withDate: true, withMap: true, maxDepth: 3 }),
);

/** The valid input with some fields replaced by anything: reaches past the first check. */
function nearValid(base: Record<string, unknown>) {
  const fields = Object.fromEntries(
    Object.entries(base).map(([key, value]) => [key, fc.oneof(fc.constant(value), anyValue)]),
  );
  return fc.oneof(
    fc.record(fields, { requiredKeys: [] }),
    fc.record({ ...fields, extra: anyValue }, { requiredKeys: [] }),
  );
}
const input = (base: Record<string, unknown>) => fc.oneof(anyValue, nearValid(base));
const idOrAny = fc.oneof(anyValue, fc.constant('job_missing'));

interface Stores {
  jobStore: JobStore;
  actionStore: ActionStore;
  ledgerWriter: LedgerWriter;
}

/** Everything the stores hold, in a comparable form: equal before and after a refused call. */
async function snapshot({ jobStore, actionStore, ledgerWriter }: Stores): Promise<string> {
  const jobs = await jobStore.list({ limit: 100_000 });
  const actions = await actionStore.list({ limit: 100_000 });
  const events = await ledgerWriter.listEvents({});
  return JSON.stringify({
    jobs: jobs.map((j) => [j.jobId, j.version, j.status]).sort(),
    actions: actions.map((a) => [a.actionId, a.version, a.status]).sort(),
    events: events.length,
  });
}

type Call = (kernel: RuntimeKernel, stores: Stores, input: unknown) => Promise<unknown>;
interface EntryPoint {
  name: string;
  input: fc.Arbitrary<unknown>;
  call: Call;
  /** The call first creates a running job (and maybe an action) of its own, which is not the refused part. */
  setsUp?: boolean;
}

const validRequest = { prompt: 'hi', scopeId: 'fuzz', metadata: { a: 1 }, timeoutSeconds: 60 };
const validSpec = { scopeId: 'fuzz', metadata: { a: 1 }, tags: { t: 'v' }, timeoutSeconds: 60 };
const validJobJSON = { jobId: 'job_fuzz_record', scopeId: 'fuzz', metadata: {}, tags: {} };
const validEventJSON = {
  eventId: 'evt_fuzz',
  type: 'model_usage',
  scopeId: 'fuzz',
  jobId: 'job_x',
  cost: '0.01',
};
const validFilter = { scopeId: 'fuzz', limit: 10, offset: 0 };

const pair = (a: fc.Arbitrary<unknown>, b: fc.Arbitrary<unknown>) => fc.tuple(a, b);

/** A running job of the fuzz scope, for calls that need one. */
async function runningJob(kernel: RuntimeKernel): Promise<string> {
  const job = await kernel.jobs.create({ scopeId: 'fuzz' });
  await kernel.jobs.start(job.jobId);
  return job.jobId;
}

const entryPoints: EntryPoint[] = [
  {
    name: 'kernel.execute',
    input: input(validRequest),
    call: async (kernel, _s, request) => (await kernel.execute(request as never)).result(),
  },
  { name: 'jobs.create', input: input(validSpec), call: (k, _s, spec) => k.jobs.create(spec as never) },
  { name: 'jobs.get', input: idOrAny, call: (k, _s, id) => k.jobs.get(id as never) },
  { name: 'jobs.list', input: input(validFilter), call: (k, _s, f) => k.jobs.list(f as never) },
  {
    name: 'jobs.cancel',
    input: pair(idOrAny, input({ reason: 'r' })),
    call: (k, _s, args) => k.jobs.cancel(...(args as [never, never])),
  },
  {
    name: 'jobs.getByIdempotencyKey',
    input: pair(idOrAny, input({ scopeId: 'fuzz' })),
    call: (k, _s, args) => k.jobs.getByIdempotencyKey(...(args as [never, never])),
  },
  {
    name: 'jobs.saveCheckpoint',
    setsUp: true,
    input: anyValue,
    call: async (k, _s, state) => k.jobs.saveCheckpoint(await runningJob(k), state as never),
  },
  {
    name: 'jobs.fail',
    setsUp: true,
    input: pair(anyValue, input({ errorCode: 'E' })),
    call: async (k, _s, args) => k.jobs.fail(await runningJob(k), ...(args as [never, never])),
  },
  {
    name: 'actions.requireAction',
    setsUp: true,
    input: input({
      jobId: 'job_placeholder',
      type: 'approval',
      payload: { a: 1 },
      metadata: {},
      timeoutSeconds: 60,
    }),
    call: async (k, _s, spec) => {
      const jobId = await runningJob(k);
      const patched =
        spec && typeof spec === 'object' && (spec as { jobId?: unknown }).jobId === 'job_placeholder';
      return k.actions.requireAction((patched ? { ...(spec as object), jobId } : spec) as never);
    },
  },
  {
    name: 'actions.resolve',
    setsUp: true,
    input: input({ resolution: { approved: true } }),
    call: async (k, _s, request) => {
      const jobId = await runningJob(k);
      const action = await k.actions.requireAction({ jobId, type: 'approval' });
      const body =
        request && typeof request === 'object' ? { resumeToken: action.resumeToken, ...request } : request;
      return k.actions.resolve(body as never);
    },
  },
  { name: 'actions.get', input: idOrAny, call: (k, _s, id) => k.actions.get(id as never) },
  {
    name: 'actions.listPending',
    input: input({ jobId: 'job_x' }),
    call: (k, _s, f) => k.actions.listPending(f as never),
  },
  {
    name: 'actions.cancel',
    input: pair(idOrAny, input({ reason: 'r' })),
    call: (k, _s, args) => k.actions.cancel(...(args as [never, never])),
  },
  {
    name: 'ledger.recordModelUsage',
    input: pair(
      input({ inputTokens: 1, outputTokens: 1 }),
      input({ provider: 'p', model: 'm', cost: '0.01', metadata: {} }),
    ),
    call: (k, _s, args) => {
      const [usage, options] = args as [unknown, unknown];
      return k.ledger.recordModelUsage(
        new ExecutionContext({ scopeId: 'fuzz' }),
        usage as never,
        options as never,
      );
    },
  },
  {
    name: 'ledger.recordToolUsage',
    input: input({ toolName: 't', cost: '0.01', metadata: {} }),
    call: (k, _s, o) => k.ledger.recordToolUsage(new ExecutionContext({ scopeId: 'fuzz' }), o as never),
  },
  {
    name: 'ledger.setBudget',
    input: input({ scopeId: 'fuzz_budget', maxTokensDaily: 10, maxCostDaily: '1.00' }),
    call: async (k, _s, b) => k.ledger.setBudget(b as never),
  },
  { name: 'jobStore.get', input: idOrAny, call: (_k, s, id) => s.jobStore.get(id as never) },
  { name: 'jobStore.list', input: input(validFilter), call: (_k, s, f) => s.jobStore.list(f as never) },
  { name: 'jobStore.count', input: input(validFilter), call: (_k, s, f) => s.jobStore.count(f as never) },
  {
    name: 'jobStore.create(JobRecord.fromJSON)',
    input: input(validJobJSON),
    call: (_k, s, json) => s.jobStore.create(JobRecord.fromJSON({ ...(json as object), jobId: undefined })),
  },
  { name: 'actionStore.get', input: idOrAny, call: (_k, s, id) => s.actionStore.get(id as never) },
  {
    name: 'actionStore.getByResumeTokenHash',
    input: idOrAny,
    call: (_k, s, hash) => s.actionStore.getByResumeTokenHash(hash as never),
  },
  { name: 'actionStore.list', input: input(validFilter), call: (_k, s, f) => s.actionStore.list(f as never) },
  {
    name: 'actionStore.listPendingForJob',
    input: idOrAny,
    call: (_k, s, id) => s.actionStore.listPendingForJob(id as never),
  },
  {
    name: 'ledgerWriter.write(LedgerEvent)',
    input: input(validEventJSON),
    call: (_k, s, json) =>
      s.ledgerWriter.write(
        new LedgerEvent({ ...(json as object), eventId: `evt_${crypto.randomUUID()}` } as never),
      ),
  },
  {
    name: 'ledgerWriter.getUsage',
    input: input(validFilter),
    call: (_k, s, f) => s.ledgerWriter.getUsage(f as never),
  },
  {
    name: 'ledgerWriter.listEvents',
    input: input(validFilter),
    call: (_k, s, f) => s.ledgerWriter.listEvents(f as never),
  },
];

interface Backend {
  name: string;
  open(): Promise<Stores>;
  close(): Promise<void>;
}

let pool: pg.Pool | undefined;
const backends: Backend[] = [
  {
    name: 'in-memory',
    open: async () => ({
      jobStore: new InMemoryJobStore(),
      actionStore: new InMemoryActionStore(),
      ledgerWriter: new InMemoryLedgerWriter(),
    }),
    close: async () => {},
  },
  {
    name: 'postgres',
    open: async () => {
      pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
      const { migrate, ...stores } = createPostgresStores(pool, { schema });
      await migrate();
      return stores;
    },
    close: async () => {
      await pool?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool?.end();
    },
  },
];

/** Calls that threw something that is not an AgentRuntimeError, and refused calls that changed state. */
const findings: { untyped: string[]; changed: string[]; calls: number; refused: number } = {
  untyped: [],
  changed: [],
  calls: 0,
  refused: 0,
};

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 120)}` : String(error);
}

describe.each(backends)('every public entry point on $name stores, fuzzed', (backend) => {
  let stores: Stores;
  let kernel: RuntimeKernel;
  beforeAll(async () => {
    stores = await backend.open();
    // one sweep now, then none during the run: a later one would time out jobs that earlier calls created
    // with short timeouts while a refused call's before/after snapshots are compared
    kernel = RuntimeKernel.create({ agent: oneStepDriver('fuzzed'), ...stores, sweepIntervalSeconds: 3600 });
    await kernel.start();
  }, 60_000);
  afterAll(async () => {
    await kernel.shutdown();
    await backend.close();
  });

  it.each(entryPoints)(
    '$name: only typed errors, and a refused call changes nothing',
    async ({ name, input: arb, call, setsUp }) => {
      const untyped: string[] = [];
      const changed: string[] = [];
      await fc.assert(
        fc.asyncProperty(arb, async (value) => {
          const before = await snapshot(stores);
          findings.calls++;
          try {
            await call(kernel, stores, value);
            return;
          } catch (error) {
            findings.refused++;
            if (!AgentRuntimeError.isInstance(error)) untyped.push(describeError(error));
          }
          const after = await snapshot(stores);
          if (setsUp ? !sameExceptSetup(before, after) : before !== after) changed.push(name);
        }),
        { numRuns: RUNS, seed: 16 },
      );
      findings.untyped.push(...untyped.map((u) => `${backend.name} ${name}: ${u}`));
      findings.changed.push(...changed.map((c) => `${backend.name} ${c}`));
      expect(untyped).toEqual([]);
      expect(changed).toEqual([]);
    },
    120_000,
  );

  it('createPostgresStores / a store refuses a reserved schema before touching the database', async () => {
    const fake = { query: async () => ({ rows: [], rowCount: 0 }), connect: async () => ({}), totalCount: 0 };
    for (const schemaName of ['pg_catalog', 'PG_TOAST', 'information_schema', 'bad-name', 'x'.repeat(64)]) {
      expect(() => createPostgresStores(fake as never, { schema: schemaName })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR', field: 'options.schema' }),
      );
      expect(() => new PostgresJobStore(fake as never, { schema: schemaName })).toThrow(
        expect.objectContaining({ code: 'VALIDATION_ERROR' }),
      );
    }
  });
});

/**
 * The jobs a call set up for itself (created running, maybe with an action) are new rows; every row that
 * existed before must be unchanged, and no ledger event may appear.
 */
function sameExceptSetup(before: string, after: string): boolean {
  const b = JSON.parse(before) as { jobs: string[][]; actions: string[][]; events: number };
  const a = JSON.parse(after) as typeof b;
  const unchanged = (old: string[][], now: string[][]) => {
    const current = new Map(now.map((row) => [row[0], JSON.stringify(row)]));
    return old.every((row) => current.get(row[0]) === JSON.stringify(row));
  };
  const setupOnly = (old: string[][], now: string[][]) => {
    const known = new Set(old.map((row) => row[0]));
    return now
      .filter((row) => !known.has(row[0]))
      .every((row) => ['running', 'waiting_action', 'pending'].includes(row[2] as string));
  };
  return (
    unchanged(b.jobs, a.jobs) &&
    unchanged(b.actions, a.actions) &&
    setupOnly(b.jobs, a.jobs) &&
    setupOnly(b.actions, a.actions) &&
    a.events === b.events
  );
}

afterAll(() => {
  console.log(
    `entry-point fuzz: ${findings.calls} calls, ${findings.refused} refused, ${findings.untyped.length} untyped errors, ${findings.changed.length} refused calls that changed state`,
  );
});
