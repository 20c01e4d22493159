import type { ActionStore, SignalChannel } from '@agent-runtime/actions';
import {
  type AgentDriver,
  type Clock,
  clockSchema,
  type EventBus,
  functionSchema,
  implementing,
  MAX_TIMER_MS,
  newId,
  parseInput,
  type RuntimeTool,
  runtimeToolSchema,
} from '@agent-runtime/core';
import { type EventLog, InMemoryEventLog } from '@agent-runtime/events';
import type { ArtifactStore, JobQueue, JobStore } from '@agent-runtime/jobs';
import type { BudgetStore, LedgerOptions, LedgerWriter } from '@agent-runtime/ledger';
import type { PluginRegistry } from '@agent-runtime/plugins';
import type { PolicyEngine } from '@agent-runtime/policy';
import { z } from 'zod';
import { type TokenEstimator, utf8ByteTokenEstimator } from './token-estimator';

/** Everything `new RuntimeKernel()` takes: every component explicit. */
export interface RuntimeKernelOptions {
  /** The Layer 0 driver (e.g. `aiSdkDriver({ model })` from `@agent-runtime/ai-sdk`). */
  agent: AgentDriver;
  /** @default new InMemoryJobStore({ clock }) (with `RuntimeKernel.create`) */
  jobStore: JobStore;
  /** @default new InMemoryActionStore() (with `RuntimeKernel.create`) */
  actionStore: ActionStore;
  /** @default new InMemoryLedgerWriter() (with `RuntimeKernel.create`) */
  ledgerWriter: LedgerWriter;
  /** @default new PolicyEngine() (with `RuntimeKernel.create`: every call allowed) */
  policyEngine: PolicyEngine;
  /** @default new InMemoryEventBus() (with `RuntimeKernel.create`) */
  eventBus: EventBus;
  /** @default new PluginRegistry() (with `RuntimeKernel.create`) */
  pluginRegistry: PluginRegistry;
  /** @default new InMemorySignalChannel({ clock }) (with `RuntimeKernel.create`) */
  signalChannel: SignalChannel;
  /** @default systemClock (with `RuntimeKernel.create`) */
  clock: Clock;
  /** Tools offered to the agent besides the driver's own and the plugins'. @default [] (with `RuntimeKernel.create`) */
  tools: readonly RuntimeTool[];
  /** Model prices for the ledger's cost of a step (when the provider reports none). */
  pricing?: LedgerOptions['pricing'];
  /**
   * Where `kernel.ledger.setBudget` keeps budgets: give every kernel on one database the same database store
   * (`createPostgresStores(db).budgetStore`) and each enforces the budgets any of them set.
   * @default new InMemoryBudgetStore()
   */
  budgetStore?: BudgetStore;
  /**
   * The queue of submitted jobs on the kernel's job store (`createPostgresStores(db).jobQueue`): `submit`
   * enqueues into it and `startWorker` claims from it; `execute` never uses it.
   * @default new InMemoryJobQueue({ store: jobStore }) (this process's submitted jobs only)
   */
  jobQueue?: JobQueue;
  /**
   * An upper bound of a model step's input tokens, from its instructions, messages and tools. Before each step
   * the kernel reserves this estimate plus the capped output under every hard token and cost limit. It must
   * never under-count; plug a tokenizer (`gpt-tokenizer`, `js-tiktoken`) for a tighter bound.
   * @default utf8ByteTokenEstimator (the UTF-8 byte length of the step's JSON)
   */
  tokenEstimator?: TokenEstimator;
  /**
   * The most output tokens one step reserves and is capped to when a hard token or cost limit applies (the cap
   * is lower when the headroom is). Keeps one job from holding a tenant's whole headroom. Steps under no hard
   * limit are not capped.
   * @default 4096
   */
  maxStepOutputTokens?: number;
  /** How long `shutdown()` lets running jobs finish before cancelling them. @default 30 */
  shutdownGraceSeconds?: number;
  /**
   * Where every event of every job is stored before it is published on the bus; `attach()` and duplicate
   * `execute()` calls read it. Kernels in several processes share one (`PostgresEventLog`) to observe each
   * other's jobs. @default new InMemoryEventLog() (this kernel only)
   */
  eventLog?: EventLog;
  /**
   * Where the artifacts tools create are stored (`createPostgresStores(db).artifactStore` for PostgreSQL).
   * @default new InMemoryArtifactStore()
   */
  artifactStore?: ArtifactStore;
  /**
   * This kernel's name as the lease owner of the jobs it runs (recorded on each job as `leaseOwner`).
   * @default a random `worker_…` id per kernel
   */
  workerId?: string;
  /**
   * How long a job's lease lasts without a heartbeat: a job whose kernel died is taken over by another
   * started kernel this long after its last heartbeat (plus up to one sweep interval).
   * @default 30
   */
  leaseSeconds?: number;
  /**
   * How often the kernel renews the leases of the jobs it runs; must be less than `leaseSeconds`. A job
   * cancelled by another process is noticed by this heartbeat at the latest.
   * @default 10
   */
  heartbeatSeconds?: number;
  /**
   * How many times a job may be taken over from a dead kernel; the next takeover ends it `failed` with
   * JobRecoveryError.
   * @default 3
   */
  maxRecoveries?: number;
  /**
   * How often the recovery sweep runs (jittered by ±20%): it resumes jobs whose lease lapsed or whose action
   * was resolved while no kernel waited, expires overdue actions and times out jobs past their deadline.
   * @default 5
   */
  sweepIntervalSeconds?: number;
  /**
   * How often a job waiting for an action re-reads it from the action store even without a signal: the
   * backstop that finds an action resolved while its signal was lost (a broken Redis connection, a resolver
   * whose signal failed). A waiting job continues at most this long after the resolution was stored.
   * @default 5000
   */
  actionRecheckIntervalMs?: number;
}

/** What `RuntimeKernel.create()` takes: the agent, and any component to use instead of the in-memory default. */
export type RuntimeKernelCreateOptions = Pick<RuntimeKernelOptions, 'agent'> &
  Partial<Omit<RuntimeKernelOptions, 'agent'>>;

const optionsSchema = z.strictObject({
  agent: implementing<AgentDriver>('run').refine((agent) => typeof agent.model?.modelId === 'string', {
    message: 'must be an AgentDriver with a model',
  }),
  jobStore: implementing<JobStore>('create', 'get', 'update'),
  actionStore: implementing<ActionStore>('create', 'get', 'update'),
  ledgerWriter: implementing<LedgerWriter>('write', 'getUsage'),
  policyEngine: implementing<PolicyEngine>('checkTool', 'checkModel'),
  eventBus: implementing<EventBus>('publish', 'subscribe'),
  pluginRegistry: implementing<PluginRegistry>('initializeAll', 'getAllTools', 'shutdownAll'),
  signalChannel: implementing<SignalChannel>('wait', 'signal'),
  clock: clockSchema,
  tools: z.array(runtimeToolSchema),
  pricing: z.custom<LedgerOptions['pricing']>(() => true).optional(),
  budgetStore: implementing<BudgetStore>('set', 'get', 'remove', 'applicable').optional(),
  jobQueue: implementing<JobQueue>('enqueue', 'claim', 'release', 'setScopeLimits').optional(),
  tokenEstimator: functionSchema<TokenEstimator>().default(() => utf8ByteTokenEstimator),
  maxStepOutputTokens: z.number().int().positive().default(4096),
  shutdownGraceSeconds: z.number().nonnegative().finite().default(30),
  eventLog: implementing<EventLog>('append', 'read', 'follow', 'prune').default(() => new InMemoryEventLog()),
  artifactStore: implementing<ArtifactStore>('create', 'update', 'get', 'listByJob').optional(),
  workerId: z.string().min(1).max(200).optional(),
  leaseSeconds: z.number().positive().finite().default(30),
  heartbeatSeconds: z.number().positive().finite().default(10),
  maxRecoveries: z.number().int().nonnegative().default(3),
  sweepIntervalSeconds: z.number().positive().finite().default(5),
  actionRecheckIntervalMs: z.number().int().positive().max(MAX_TIMER_MS).default(5000),
});

const durableSchema = optionsSchema
  .refine((options) => options.heartbeatSeconds < options.leaseSeconds, {
    path: ['heartbeatSeconds'],
    message: 'must be less than leaseSeconds',
  })
  .transform((options) => ({ ...options, workerId: options.workerId ?? newId('worker') }));

export type ValidKernelOptions = z.output<typeof durableSchema>;

/** Validates the kernel's options; throws ValidationError naming the field (`options.jobStore`). */
export function parseKernelOptions(options: RuntimeKernelOptions): ValidKernelOptions {
  return parseInput(durableSchema, options, 'options');
}
