import { ActionManager, InMemoryActionStore, InMemorySignalChannel } from '@agent-runtime/actions';
import {
  type AgentDriver,
  type Clock,
  ConcurrentModificationError,
  type EventBus,
  ExecutionContext,
  type ExecutionRequest,
  InvalidTransitionError,
  isFinalEvent,
  JobRecoveryError,
  type JsonValue,
  LeaseLostError,
  NotFoundError,
  newId,
  RuntimeEvent,
  type RuntimeTool,
  systemClock,
  ValidationError,
} from '@agent-runtime/core';
import { type EventLog, InMemoryEventBus } from '@agent-runtime/events';
import {
  type CreatedJob,
  InMemoryArtifactStore,
  InMemoryJobQueue,
  InMemoryJobStore,
  JobManager,
  type JobQueue,
  type JobRecord,
  type JobSpec,
  type JobStartOptions,
  JobStatus,
  type ScopeLimits,
  writesEventsTo,
} from '@agent-runtime/jobs';
import { InMemoryLedgerWriter, Ledger } from '@agent-runtime/ledger';
import type { Operator, OperatorInput } from '@agent-runtime/orchestration';
import { PluginRegistry } from '@agent-runtime/plugins';
import { PolicyEngine } from '@agent-runtime/policy';
import { attachedSource } from './attach/attached-source';
import { LogFirstEventBus } from './attach/log-first-event-bus';
import { BackgroundLoop, jittered } from './durable/background-loop';
import { initialCheckpoint, isKernelCheckpoint } from './durable/kernel-checkpoint';
import { renewLease } from './durable/lease';
import { RecoverySweep } from './durable/recovery-sweep';
import { resumedExecution } from './durable/resumed-execution';
import { untilEnded } from './durable/until-ended';
import type { EventBuffer } from './execution/event-buffer';
import { Execution } from './execution/execution';
import { ExecutionHandle, type ExecutionSource } from './execution/execution-handle';
import { parseExecutionRequest, type ValidExecutionRequest } from './execution/execution-request';
import type { ExecutionResult } from './execution/execution-result';
import { type RunInput, runExecution } from './execution/run-execution';
import { stopIfEndedElsewhere } from './execution/stop-if-ended-elsewhere';
import { finalEventData, storedResult } from './execution/stored-result';
import { trackArtifacts } from './execution/track-artifacts';
import { JobOutcomeNotStoredError } from './job-outcome-not-stored-error';
import {
  parseKernelOptions,
  type RuntimeKernelCreateOptions,
  type RuntimeKernelOptions,
  type ValidKernelOptions,
} from './kernel-options';
import type { KernelServices } from './kernel-services';
import { KernelShutdownError } from './kernel-shutdown-error';
import { failAbandonedRun } from './operator/abandoned-operator-run';
import { isOperatorCheckpoint } from './operator/operator-checkpoint';
import { executeOperator, type OperatorExecution, type OperatorRequest } from './operator/operator-execution';
import type { OperatorRun } from './operator/operator-run';
import { PluginInitializer } from './plugin-initializer';
import { ScopedKernel } from './scoped-kernel';
import { failClaimed, publishClaimedStart, publishHandedBack } from './worker/claimed-job';
import { submitJob } from './worker/submit-job';
import { parseSubmitRequest, type SubmitRequest, type SubmitResult } from './worker/submit-request';
import { Worker } from './worker/worker';
import type { ClaimedRun } from './worker/worker-host';
import { parseWorkerOptions, type WorkerOptions } from './worker/worker-options';

/**
 * Runs agent jobs: composes jobs, actions, policy, ledger, events and plugins around a Layer 0 agent driver.
 * Every component is reached only through its contract, so kernels sharing stores, signal channel and bus
 * cooperate (one runs a job, any can observe it, resolve its actions or cancel it).
 */
export class RuntimeKernel {
  readonly jobs: JobManager;
  readonly actions: ActionManager;
  readonly ledger: Ledger;
  readonly policy: PolicyEngine;
  /** The bus the kernel publishes on, after appending each job event to `eventLog`. */
  readonly events: EventBus;
  readonly eventLog: EventLog;
  readonly plugins: PluginRegistry;
  readonly agent: AgentDriver;
  readonly clock: Clock;
  /** The lease owner of the jobs this kernel runs (option `workerId`). */
  readonly workerId: string;
  private readonly options: ValidKernelOptions;
  private readonly services: KernelServices;
  /** Executions this kernel runs now, by job id; each leaves when its job ends. */
  private readonly running = new Map<
    string,
    { execution: Execution; source: ExecutionSource; ran: Promise<unknown> }
  >();
  /** Operator jobs this kernel runs now (each holds the leases of its jobs while they run). */
  private readonly operatorRuns = new Set<OperatorRun>();
  /** In-flight `execute()` calls by (scopeId, idempotencyKey), so concurrent duplicates share one job. */
  private readonly opening = new Map<string, Promise<ExecutionHandle>>();
  private readonly pluginInitializer: PluginInitializer;
  /** In-flight `resume()` calls by job id, so the sweep, a wake-up and a caller never take one job twice. */
  private readonly resuming = new Map<string, Promise<ExecutionHandle>>();
  private readonly sweep: RecoverySweep;
  private readonly sweepLoop: BackgroundLoop;
  private readonly heartbeatLoop: BackgroundLoop;
  /** Aborted by `shutdown()`: stops handles that follow a job another kernel took over. */
  private readonly stopping = new AbortController();
  private startPromise: Promise<void> | undefined;
  /** Where `submit` queues jobs and workers claim them (option `jobQueue`; in-process by default). */
  private readonly queue: JobQueue;
  private readonly workers = new Set<Worker>();
  private shutdownPromise: Promise<void> | undefined;

  constructor(options: RuntimeKernelOptions) {
    this.options = parseKernelOptions(options);
    const { agent, clock, signalChannel, actionRecheckIntervalMs: recheckIntervalMs } = this.options;
    this.agent = agent;
    this.clock = clock;
    this.eventLog = this.options.eventLog;
    this.events = this.options.eventBus;
    const { jobStore } = this.options;
    const eventBus = new LogFirstEventBus(
      this.events,
      this.eventLog,
      writesEventsTo(jobStore, this.eventLog) ? jobStore : undefined,
    );
    const { jobEventWriter: eventWriter } = eventBus;
    this.jobs = new JobManager(jobStore, { eventBus, eventWriter, clock });
    this.actions = new ActionManager(this.options.actionStore, {
      eventBus,
      jobManager: this.jobs,
      signalChannel,
      clock,
      recheckIntervalMs,
    });
    this.ledger = new Ledger(this.options.ledgerWriter, {
      clock,
      pricing: this.options.pricing,
      ...(this.options.budgetStore ? { budgetStore: this.options.budgetStore } : {}),
    });
    this.policy = this.options.policyEngine;
    this.plugins = this.options.pluginRegistry;
    this.pluginInitializer = new PluginInitializer(this.plugins);
    const { workerId, leaseSeconds, actionStore } = this.options;
    this.workerId = workerId;
    const fencedJobs = new JobManager(jobStore, { eventBus, eventWriter, clock, leaseOwner: workerId });
    this.services = {
      agent,
      jobs: fencedJobs,
      actions: new ActionManager(actionStore, {
        eventBus,
        jobManager: fencedJobs,
        signalChannel,
        clock,
        recheckIntervalMs,
      }),
      ledger: this.ledger,
      policy: this.policy,
      events: eventBus,
      clock,
      tokenEstimator: this.options.tokenEstimator,
      maxStepOutputTokens: this.options.maxStepOutputTokens,
      artifacts: this.options.artifactStore ?? new InMemoryArtifactStore(),
      durable: { workerId, leaseSeconds, actionStore },
      stopping: this.stopping.signal,
    };
    this.queue = this.options.jobQueue ?? new InMemoryJobQueue({ store: this.options.jobStore, clock });
    this.sweep = new RecoverySweep({
      jobs: this.jobs,
      actions: this.actions,
      signalChannel,
      clock,
      operatorGraceMs: this.options.leaseSeconds * 1000,
      isLocal: (jobId) =>
        this.running.has(jobId) ||
        this.resuming.has(jobId) ||
        [...this.operatorRuns].some((run) => run.leases.has(jobId)),
      recover: (jobId) =>
        this.resume(jobId).then(
          () => {},
          () => {},
        ),
    });
    this.sweepLoop = new BackgroundLoop(
      () => this.sweep.run(),
      () => jittered(this.options.sweepIntervalSeconds),
    );
    this.heartbeatLoop = new BackgroundLoop(
      () => this.heartbeat(),
      () => this.options.heartbeatSeconds * 1000,
    );
  }

  /** A kernel with in-memory defaults for every component not given. */
  static create({ agent, ...overrides }: RuntimeKernelCreateOptions): RuntimeKernel {
    const clock = overrides.clock ?? systemClock;
    return new RuntimeKernel({
      agent,
      jobStore: overrides.jobStore ?? new InMemoryJobStore({ clock }),
      actionStore: overrides.actionStore ?? new InMemoryActionStore(),
      ledgerWriter: overrides.ledgerWriter ?? new InMemoryLedgerWriter(),
      policyEngine: overrides.policyEngine ?? new PolicyEngine(),
      eventBus: overrides.eventBus ?? new InMemoryEventBus(),
      pluginRegistry: overrides.pluginRegistry ?? new PluginRegistry(),
      signalChannel: overrides.signalChannel ?? new InMemorySignalChannel({ clock }),
      ...overrides,
      clock,
      tools: overrides.tools ?? [],
    });
  }

  /** Jobs this kernel is running now (their event buffers are released when they end). */
  get activeExecutions(): number {
    return this.running.size;
  }

  /**
   * Starts a job for `request` and returns its handle at once. The same `(scopeId, idempotencyKey)` returns
   * the same job (and result) without calling the model again, also for concurrent duplicates.
   */
  execute(request: ExecutionRequest): Promise<ExecutionHandle> {
    if (this.shutdownPromise) return Promise.reject(new KernelShutdownError());
    let valid: ValidExecutionRequest;
    try {
      valid = parseExecutionRequest(request);
    } catch (error) {
      return Promise.reject(error);
    }
    const key = valid.idempotencyKey && idempotencyEntry(valid.scopeId, valid.idempotencyKey);
    const pending = key === undefined ? undefined : this.opening.get(key);
    if (pending) return pending;
    const handle = this.open(valid);
    if (key !== undefined) this.rememberWhileOpening(key, handle);
    return handle;
  }

  /**
   * Queues a job for `request` (validated like `execute`) without running it: a worker (`startWorker`, in
   * this or any process on the same queue) runs it. The same `(scopeId, idempotencyKey)` returns the job that
   * key made, as it stands now, and queues nothing.
   */
  async submit(request: SubmitRequest): Promise<SubmitResult> {
    if (this.shutdownPromise) throw new KernelShutdownError();
    return submitJob(this.queue, this.clock, parseSubmitRequest(request));
  }

  /** Persists a scope's limit in the queue: at most `maxRunningJobs` of its queued jobs run at once, everywhere. */
  setScopeLimits(limits: ScopeLimits): Promise<void> {
    return this.queue.setScopeLimits(limits);
  }

  /**
   * Starts a worker that claims submitted jobs (fairly across scopes, within their limits) and runs them here
   * through the same path as `execute`; also starts the kernel's background services, so jobs whose approval
   * was resolved, or whose worker died, are resumed. `shutdown()` stops it.
   */
  async startWorker(options: WorkerOptions = {}): Promise<Worker> {
    if (this.shutdownPromise) throw new KernelShutdownError();
    const worker = new Worker(
      {
        queue: this.queue,
        workerId: this.workerId,
        leaseMs: this.options.leaseSeconds * 1000,
        clock: this.clock,
        run: (job) => this.runClaimed(job),
        handBack: (jobId) => this.handBack(jobId),
      },
      parseWorkerOptions(options),
    );
    await this.start();
    await worker.start();
    this.workers.add(worker);
    return worker;
  }

  /** One tenant's view of this kernel: its methods see only `scopeId`'s jobs, actions and usage. */
  forScope(scopeId: string): ScopedKernel {
    return new ScopedKernel(this, scopeId);
  }

  /**
   * Runs `operator` on `input` as a job of `request`'s scope: its children are child jobs, their model steps go
   * to the ledger, their agents' tool calls pass the policy gate (approvals on the child job), usage rolls up
   * into the result, and `cancel()` / `timeoutSeconds` stop every child.
   */
  executeOperator(
    operator: Operator,
    input: OperatorInput,
    request: OperatorRequest,
  ): Promise<OperatorExecution> {
    if (this.shutdownPromise) return Promise.reject(new KernelShutdownError());
    this.start().catch(() => {});
    return executeOperator(this.services, this.operatorRuns, operator, input, request);
  }

  /**
   * Starts the background services (idempotent; the first `execute` or `resume` does it too): the heartbeat
   * that renews the leases of the jobs this kernel runs, and the recovery sweep, which resumes jobs whose
   * kernel died or whose action was resolved while no kernel waited, expires overdue actions and times out
   * jobs past their deadline. Resolves after the first sweep. Their timers never keep the process alive.
   */
  start(): Promise<void> {
    if (this.shutdownPromise) return Promise.reject(new KernelShutdownError());
    this.startPromise ??= Promise.resolve().then(() => {
      this.heartbeatLoop.schedule();
      return this.sweepLoop.runNow();
    });
    return this.startPromise;
  }

  /**
   * Continues a job from its last checkpoint in this kernel: a `running` job whose lease lapsed (its kernel
   * died) or that no kernel continued after its action was resolved. No model call is repeated for completed
   * steps and no finished tool runs again. A job another kernel holds, a waiting or an ended job gets a
   * handle that follows it. A job taken over more than `maxRecoveries` times ends `failed` with
   * JobRecoveryError.
   */
  resume(jobId: string): Promise<ExecutionHandle> {
    if (this.shutdownPromise) return Promise.reject(new KernelShutdownError());
    this.start().catch(() => {});
    const pending = this.resuming.get(jobId);
    if (pending) return pending;
    const handle = this.takeOver(jobId).finally(() => this.resuming.delete(jobId));
    this.resuming.set(jobId, handle);
    return handle;
  }

  /**
   * Stops accepting executions, lets running jobs finish for `graceSeconds` (default `shutdownGraceSeconds`),
   * cancels those still running, waits for them to end, then shuts the plugins down. Idempotent. A job that
   * waits for an action is not cancelled: it stays `waiting_action` in the store (it holds no lease), its
   * handle's `result()` rejects with KernelShutdownError, and a started kernel on the same stores continues
   * it from its checkpoint once the action is resolved.
   * A job whose terminal status its store has not taken by then (the store unreachable) is given up on: its
   * handle's `result()` and this call reject with JobOutcomeNotStoredError naming the jobs (after everything
   * else has shut down).
   */
  shutdown({ graceSeconds }: { graceSeconds?: number } = {}): Promise<void> {
    this.shutdownPromise ??= this.drain(graceSeconds ?? this.options.shutdownGraceSeconds);
    return this.shutdownPromise;
  }

  private rememberWhileOpening(key: string, handle: Promise<ExecutionHandle>): void {
    this.opening.set(key, handle);
    handle.catch(() => this.forget(key, handle));
  }

  /** Drops a job's idempotency entry as it ends, before its result reaches anyone. */
  private forgetJob(job: JobRecord): void {
    if (job.idempotencyKey === undefined) return;
    const key = idempotencyEntry(job.scopeId, job.idempotencyKey);
    const entry = this.opening.get(key);
    if (entry) this.forget(key, entry);
  }

  private forget(key: string, handle: Promise<ExecutionHandle>): void {
    if (this.opening.get(key) === handle) this.opening.delete(key);
  }

  private async open(request: ValidExecutionRequest): Promise<ExecutionHandle> {
    this.start().catch(() => {});
    const draft = new ExecutionContext({
      scopeId: request.scopeId,
      principalId: request.principalId,
      sessionId: request.sessionId,
      budgets: request.budgets,
      policyRef: request.policyRef,
      metadata: request.metadata,
    });
    await this.pluginInitializer.ensureInitialized(draft);
    const tools = this.collectTools();
    const jobId = newId('job');
    const execution = this.execution(draft.with({ jobId }), jobId, tools, request.prompt);
    // listening before the job exists: it is created running, its first events stored in the same write
    const subscription = await this.listen(execution);
    let created: CreatedJob;
    try {
      created = await this.services.jobs.createStarted(
        jobSpecOf(request, draft, jobId),
        this.startOptions(execution, request.prompt),
      );
    } catch (error) {
      await subscription.unsubscribe();
      throw error;
    }
    const { job } = created;
    if (created.created) {
      execution.confirmActive(job);
      return this.launch(execution, job, subscription, { prompt: request.prompt, deadline: job.deadline });
    }
    await subscription.unsubscribe();
    return this.joinExisting(job, draft, tools, request.prompt);
  }

  /** The job an execution's idempotency key named: attached to, or run when it is still queued. */
  private joinExisting(
    job: JobRecord,
    draft: ExecutionContext,
    tools: ReadonlyMap<string, RuntimeTool>,
    prompt: string,
  ): Promise<ExecutionHandle> {
    if (job.status !== JobStatus.QUEUED) return this.attach(job.jobId);
    const ctx = draft.with({
      jobId: job.jobId,
      runId: job.runId ?? draft.runId,
      traceId: job.traceId ?? draft.traceId,
    });
    return this.run(this.execution(ctx, job.jobId, tools, prompt), job, prompt);
  }

  /** A new run of the job, from the prompt's first checkpoint. */
  private execution(
    ctx: ExecutionContext,
    jobId: string,
    tools: ReadonlyMap<string, RuntimeTool>,
    prompt: string,
  ): Execution {
    const checkpoint = initialCheckpoint(prompt);
    return new Execution(this.services, ctx, jobId, tools, { checkpoint }, () => this.collectTools());
  }

  /** How this kernel starts a job: the run's prompt and model, its lease, its first checkpoint. */
  private startOptions(execution: Execution, prompt: string): JobStartOptions {
    const { provider, modelId } = this.agent.model;
    return {
      data: { prompt, provider, model: modelId },
      leaseSeconds: this.options.leaseSeconds,
      checkpoint: execution.checkpoint as unknown as JsonValue,
    };
  }

  /** Claims a queued job another call created (queued → running; only one kernel wins) and runs it in the background. */
  private async run(execution: Execution, job: JobRecord, prompt: string): Promise<ExecutionHandle> {
    const subscription = await this.listen(execution);
    try {
      execution.confirmActive(
        await this.services.jobs.start(job.jobId, this.startOptions(execution, prompt)),
      );
    } catch (error) {
      await subscription.unsubscribe();
      if (startedElsewhere(error)) return this.attach(job.jobId);
      throw error;
    }
    return this.launch(execution, job, subscription, { prompt, deadline: job.deadline });
  }

  /** The job's events into the execution's buffer (and its artifacts, and a stop when it ends elsewhere). */
  private listen(execution: Execution) {
    const { buffer } = execution;
    return this.events.subscribe(
      (event) => {
        trackArtifacts(execution.artifacts, event);
        stopIfEndedElsewhere(execution, event);
        buffer.push(event);
        if (isFinalEvent(event)) buffer.close();
      },
      { jobId: execution.jobId },
      { includeSecrets: true },
    );
  }

  /** Runs a job this kernel holds the lease of in the background, and returns its handle. */
  private launch(
    execution: Execution,
    job: JobRecord,
    subscription: { unsubscribe(): Promise<void> },
    input: RunInput,
  ): ExecutionHandle {
    const { buffer } = execution;
    const ran = runExecution(execution, input);
    const done = ran
      .then((result) => result ?? this.afterLettingGo(execution))
      .finally(async () => {
        await buffer.whenClosed();
        this.running.delete(job.jobId);
        this.forgetJob(job);
        await subscription.unsubscribe();
      });
    done.catch(() => {}); // rejects when left waiting at shutdown or its outcome was not stored: for result()
    const source: ExecutionSource = {
      buffer,
      done,
      cancel: async (reason) => execution.cancel(reason),
    };
    this.running.set(job.jobId, { execution, source, ran });
    return new ExecutionHandle(job.jobId, source, this.jobs);
  }

  /**
   * A run that wrote nothing more: left waiting at shutdown (the handle rejects with KernelShutdownError), or
   * its lease lost (the handle settles once the kernel that took the job over ends it).
   */
  private afterLettingGo(execution: Execution): Promise<ExecutionResult> {
    if (!execution.leftWaiting) return this.followTakenOver(execution.jobId, execution.buffer);
    execution.buffer.close();
    return Promise.reject(execution.stopReason);
  }

  /** After losing the lease: the job is another kernel's now; the handle settles once that one ends it. */
  private async followTakenOver(jobId: string, buffer: EventBuffer): Promise<ExecutionResult> {
    this.running.delete(jobId);
    await untilEnded(this.jobs, jobId, this.stopping.signal);
    const result = await (await this.attach(jobId)).result();
    buffer.close();
    return result;
  }

  private async takeOver(jobId: string): Promise<ExecutionHandle> {
    const local = this.running.get(jobId);
    if (local) return new ExecutionHandle(jobId, local.source, this.jobs);
    const job = await this.jobs.get(jobId);
    if (!job) throw new NotFoundError({ resource: 'job', id: jobId });
    if (job.status !== JobStatus.RUNNING) return this.attach(job.jobId);
    if (isOperatorCheckpoint(job.checkpoint)) return this.endAbandonedOperatorRun(job);
    if (!isKernelCheckpoint(job.checkpoint)) {
      const message = `job ${jobId} has no kernel checkpoint to resume from`;
      throw new JobRecoveryError({ jobId, recoveries: job.recoveries, message });
    }
    await this.pluginInitializer.ensureInitialized(new ExecutionContext({ scopeId: job.scopeId, jobId }));
    this.collectTools(); // a bad tool set is refused before the lease is taken
    const { leaseSeconds, maxRecoveries } = this.options;
    const claimed = await this.services.jobs.claimLease(jobId, { leaseSeconds });
    if (!claimed || !isKernelCheckpoint(claimed.checkpoint)) return this.attach(job.jobId);
    if (claimed.recoveries > maxRecoveries) return this.giveUp(claimed);
    const { execution, input } = resumedExecution(this.services, claimed, claimed.checkpoint, () =>
      this.collectTools(),
    );
    const subscription = await this.listen(execution);
    return this.launch(execution, claimed, subscription, input);
  }

  /** Runs a job the queue claimed for this kernel (running, leased to it) like `execute` runs a new one. */
  private async runClaimed(job: JobRecord): Promise<ClaimedRun> {
    try {
      if (!isKernelCheckpoint(job.checkpoint)) {
        const message = `job ${job.jobId} has no kernel checkpoint to start from`;
        throw new JobRecoveryError({ jobId: job.jobId, recoveries: job.recoveries, message });
      }
      const ctx = new ExecutionContext({ scopeId: job.scopeId, jobId: job.jobId });
      await this.pluginInitializer.ensureInitialized(ctx);
      const { execution, input } = resumedExecution(this.services, job, job.checkpoint, () =>
        this.collectTools(),
      );
      const subscription = await this.listen(execution);
      await publishClaimedStart(this.services, job, input.prompt);
      const handle = this.launch(execution, job, subscription, input);
      const ran = this.running.get(job.jobId)?.ran ?? Promise.resolve();
      return { handle, settled: ran.then(() => {}) };
    } catch (error) {
      await failClaimed(this.services, job, error);
      throw error;
    }
  }

  /** Stops running a claimed job here without ending it, and gives it back to the queue. */
  private async handBack(jobId: string): Promise<void> {
    const local = this.running.get(jobId);
    if (!local) return;
    local.execution.stop(new LeaseLostError({ jobId, leaseOwner: this.workerId }));
    await local.ran;
    const released = await this.queue.release(jobId, { workerId: this.workerId });
    if (released) await publishHandedBack(this.services, released);
  }

  /** A job whose kernels kept dying: it ends `failed` with JobRecoveryError (this kernel holds its lease). */
  private async giveUp(job: JobRecord): Promise<ExecutionHandle> {
    const error = new JobRecoveryError({ jobId: job.jobId, recoveries: job.recoveries });
    const failed = await this.services.jobs.fail(job.jobId, error.message, { errorCode: error.code });
    await this.publishFinal(failed);
    return this.attach(failed.jobId);
  }

  /** An operator job no live kernel holds: its whole run ends failed (operators are not resumed). */
  private async endAbandonedOperatorRun(job: JobRecord): Promise<ExecutionHandle> {
    const graceMs = this.options.leaseSeconds * 1000;
    for (const ended of await failAbandonedRun(this.services, job, graceMs)) await this.publishFinal(ended);
    return this.attach(job.jobId);
  }

  /** The final event of a job this kernel ended without running it. */
  private async publishFinal(job: JobRecord): Promise<void> {
    const { type, data } = finalEventData(await storedResult(job, this.services));
    await this.services.events.publish(
      new RuntimeEvent({ type, data, jobId: job.jobId, scopeId: job.scopeId, timestamp: this.clock.now() }),
    );
  }

  private async heartbeat(): Promise<void> {
    for (const { execution } of [...this.running.values()]) await renewLease(execution).catch(() => {});
    for (const run of [...this.operatorRuns]) await run.renewLeases().catch(() => {});
  }

  /**
   * A handle on any job of the stores, whoever runs it: `events()` from its first event (from the event log),
   * then live until the final event; `result()` once it ended; `cancel()`. For a job this kernel runs, the
   * handle shares its live buffer. Throws NotFoundError for an unknown job.
   */
  async attach(jobId: string): Promise<ExecutionHandle> {
    const local = this.running.get(jobId);
    if (local) return new ExecutionHandle(jobId, local.source, this.jobs);
    const source = await attachedSource(
      {
        jobs: this.jobs,
        ledger: this.ledger,
        artifacts: this.services.artifacts,
        log: this.eventLog,
        bus: this.events,
        clock: this.clock,
      },
      jobId,
    );
    return new ExecutionHandle(jobId, source, this.jobs);
  }

  private collectTools(): ReadonlyMap<string, RuntimeTool> {
    const all = [...(this.agent.tools ?? []), ...this.options.tools, ...this.plugins.getAllTools()];
    const byName = new Map<string, RuntimeTool>();
    for (const tool of all) {
      if (byName.has(tool.name) && byName.get(tool.name) !== tool)
        throw new ValidationError({ field: 'tools', message: `tools: two tools are named "${tool.name}"` });
      byName.set(tool.name, tool);
    }
    return byName;
  }

  /** Jobs waiting for an action need no process: they stay `waiting_action` for whichever kernel continues them. */
  private leaveWaitingJobs(): void {
    for (const { execution } of this.running.values()) execution.leaveWaiting();
  }

  private async drain(graceSeconds: number): Promise<void> {
    // workers first: after the grace they hand their jobs back, where the loop below would cancel them
    if (this.workers.size > 0) await Promise.all([...this.workers].map((w) => w.stop({ graceSeconds })));
    const sweepStopped = this.sweepLoop.stop().then(() => this.sweep.stop());
    this.leaveWaitingJobs();
    const running = [...this.running.values()];
    const operators = [...this.operatorRuns].map((run) => run.ended);
    const allDone = Promise.allSettled([...running.map(({ source }) => source.done), ...operators]);
    const timer = new AbortController();
    const graceOver = this.clock.sleep(graceSeconds * 1000, timer.signal).then(
      () => true,
      () => false,
    );
    const timedOut = await Promise.race([allDone.then(() => false), graceOver]);
    timer.abort();
    if (timedOut) {
      for (const { execution } of this.running.values())
        if (!execution.leaveWaiting()) execution.cancel('kernel shutdown');
      // an operator cannot be resumed by another kernel: it ends here
      for (const run of this.operatorRuns) run.cancellation.cancel('kernel shutdown');
    }
    this.stopping.abort();
    const outcomes = await allDone;
    await sweepStopped;
    await this.heartbeatLoop.stop();
    await this.pluginInitializer.idle();
    await this.plugins.shutdownAll();
    const unstored = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' && JobOutcomeNotStoredError.isInstance(outcome.reason)
        ? outcome.reason.jobIds
        : [],
    );
    if (unstored.length > 0) throw new JobOutcomeNotStoredError({ jobIds: unstored });
  }
}

/** The job an execution request makes, in the run `draft` opened. */
function jobSpecOf(request: ValidExecutionRequest, draft: ExecutionContext, jobId: string): JobSpec {
  return {
    scopeId: request.scopeId,
    principalId: request.principalId,
    sessionId: request.sessionId,
    runId: draft.runId,
    traceId: draft.traceId,
    idempotencyKey: request.idempotencyKey,
    timeoutSeconds: request.timeoutSeconds,
    budgets: request.budgets,
    policyRef: request.policyRef,
    metadata: request.metadata,
    jobId,
  };
}

/** Another kernel started the job first (it holds the lease now). */
function startedElsewhere(error: unknown): boolean {
  return (
    InvalidTransitionError.isInstance(error) ||
    ConcurrentModificationError.isInstance(error) ||
    LeaseLostError.isInstance(error)
  );
}

function idempotencyEntry(scopeId: string, idempotencyKey: string): string {
  return `${scopeId}\u0000${idempotencyKey}`;
}
