import type { ActionStore, SignalChannel } from '@agent-runtime/actions';
import { ExecutionContext } from '@agent-runtime/core';
import { JobRecord, type JobStore } from '@agent-runtime/jobs';
import { LedgerEvent, type LedgerWriter } from '@agent-runtime/ledger';
import type fc from 'fast-check';
import type { RuntimeKernel } from '../../runtime-kernel';
import { anyValue, HOSTILE, idOr, idOrAny, input, pair } from './fuzz-inputs';

/** The stores a fuzzed kernel runs on: every one of them is also called directly. */
export interface FuzzedStores {
  jobStore: JobStore;
  actionStore: ActionStore;
  ledgerWriter: LedgerWriter;
  signalChannel: SignalChannel;
}

type Call = (kernel: RuntimeKernel, stores: FuzzedStores, input: unknown) => Promise<unknown>;

export interface EntryPoint {
  name: string;
  input: fc.Arbitrary<unknown>;
  call: Call;
  /** The call first creates a running job (and maybe an action) of its own, which is not the refused part. */
  setsUp?: boolean;
  /** How many arguments the input is (a pair is `[first, second]`). @default 1 */
  arity?: 1 | 2;
}

/** Each hostile value as each argument (the other one absent, or an id that names nothing). */
export function hostileExamples({ arity = 1 }: EntryPoint): unknown[] {
  if (arity === 1) return [...HOSTILE];
  return HOSTILE.flatMap((value) => [
    [value, undefined],
    ['job_missing', value],
  ]);
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
const validSignal = { actionId: 'act_fuzz', status: 'resolved', resolution: { a: 1 } };
/** How long a fuzzed `wait` that its options let wait (a valid one) waits before it is aborted. */
const WAIT_MS = 20;

/** A running job of the fuzz scope, for calls that need one. */
async function runningJob(kernel: RuntimeKernel): Promise<string> {
  const job = await kernel.jobs.create({ scopeId: 'fuzz' });
  await kernel.jobs.start(job.jobId);
  return job.jobId;
}

/** Fuzzed wait options, always ending the wait after WAIT_MS (a valid wait would otherwise last forever). */
function boundedWait(options: unknown): unknown {
  if (options === undefined) return { signal: AbortSignal.timeout(WAIT_MS) };
  if (options === null || typeof options !== 'object') return options;
  return { ...options, signal: AbortSignal.timeout(WAIT_MS) };
}

/** Every public entry point of the kernel, its managers and its stores, with what to fuzz it with. */
export const ENTRY_POINTS: readonly EntryPoint[] = [
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
    arity: 2,
    input: pair(idOrAny, input({ reason: 'r' })),
    call: (k, _s, args) => k.jobs.cancel(...(args as [never, never])),
  },
  {
    name: 'jobs.getByIdempotencyKey',
    arity: 2,
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
    arity: 2,
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
    arity: 2,
    input: pair(idOrAny, input({ reason: 'r' })),
    call: (k, _s, args) => k.actions.cancel(...(args as [never, never])),
  },
  {
    name: 'ledger.recordModelUsage',
    arity: 2,
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
  {
    name: 'signalChannel.signal',
    arity: 2,
    input: pair(idOr(validSignal.actionId), input(validSignal)),
    call: (_k, s, args) => s.signalChannel.signal(...(args as [never, never])),
  },
  {
    name: 'signalChannel.wait',
    arity: 2,
    input: pair(idOrAny, input({ timeoutMs: 1 })),
    call: (_k, s, args) => {
      const [actionId, options] = args as [unknown, unknown];
      return s.signalChannel.wait(actionId as never, boundedWait(options) as never);
    },
  },
];
