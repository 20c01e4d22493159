import {
  type AgentToolCall,
  type BudgetSpec,
  type BudgetSpecInput,
  budgetSpec,
  CancelledError,
  type Clock,
  Decimal,
  type EventBus,
  type ExecutionContext,
  parseInput,
  RuntimeEvent,
  type RuntimeEventDataMap,
  type RuntimeEventType,
  type StepInfo,
  systemClock,
  type TokenUsage,
  type ToolOutcome,
} from '@agent-runtime/core';
import { z } from 'zod';
import { type ToolRuntime, withoutKernel } from '../tools/tool-services';
import type { ChildJobManager } from './child-job';
import { type ChildRunParent, runChildToEnd } from './child-run';
import type { OperatorIdentity } from './operator-identity';
import { failed, type OperatorResult, type OperatorUsage } from './operator-result';
import {
  type OrchestrationConfig,
  type OrchestrationConfigInput,
  orchestrationConfig,
} from './orchestration-config';
import { OrchestrationLimitError } from './orchestration-limit-error';
import { Semaphore } from './semaphore';
import { type GatedAgent, type GatedStep, openSteps } from './step-gate';
import { type RemainingBudget, UsageAccount } from './usage-account';
import type { ModelUsageInfo, UsageRecorder } from './usage-recorder';

/** What an operator receives: a plain object (`{ text }`, `{ task }`, `{ documents }`, …). */
export type OperatorInput = Readonly<Record<string, unknown>>;

/**
 * A unit of multi-agent work. `execute` reports run-time failures as `success: false` with an `error`
 * rather than throwing, so patterns can decide what a failure means.
 */
export interface Operator extends OperatorIdentity {
  readonly description: string;
  execute(input: OperatorInput, context: OperatorContext): Promise<OperatorResult>;
}

/**
 * Decides about one tool call (of the `turn`'s batch): return an outcome to refuse it (the model is told), or
 * call `next()` to run it. The default lets every call through.
 */
export type ToolGate = (
  call: AgentToolCall,
  next: () => Promise<ToolOutcome>,
  context: OperatorContext,
  turn: ToolTurn,
) => Promise<ToolOutcome>;

/** The model step a tool call belongs to, and how many tool calls that step asked for (one batch). */
export interface ToolTurn {
  readonly step: number;
  readonly toolCalls: number;
}

export const allowAllTools: ToolGate = (_call, next) => next();

/**
 * Decides about each model step of every AgentOperator under a context, after the operator's own checks
 * (cancellation, budgets, `maxTurns`): throw to refuse the step, or return its plan (an output cap, `degrade`).
 * The kernel's `executeOperator` gives its policy gate and ledger reservation here.
 */
export type StepGate = (
  info: StepInfo,
  agent: GatedAgent,
  context: OperatorContext,
) => Promise<GatedStep | undefined>;

/**
 * Gives each tool call of an AgentOperator under a context its ToolRuntime. The kernel's `executeOperator`
 * gives actions on the call's job (`waiting_action` up to the root job) and artifacts stored with it.
 */
export type ToolServices = (call: AgentToolCall, context: OperatorContext) => ToolRuntime;

export interface OperatorContextOptions {
  config?: OrchestrationConfigInput;
  /** With a job manager, every child run inside a job becomes a child job (`parentJobId`). */
  jobManager?: ChildJobManager;
  eventBus?: EventBus;
  usageRecorder?: UsageRecorder;
  clock?: Clock;
  /**
   * A gate every AgentOperator under this context passes each tool call through (after its own `toolGate`);
   * the kernel's `executeOperator` gives its policy and approval gate here.
   * @default allowAllTools
   */
  toolGate?: ToolGate;
  /**
   * Decides about every model step of every AgentOperator under this context; the kernel's `executeOperator`
   * gives its policy gate and ledger reservation here.
   * @default openSteps
   */
  stepGate?: StepGate;
  /**
   * The `requireAction` and artifacts of every tool call of an AgentOperator under this context.
   * @default withoutKernel (they refuse)
   */
  toolServices?: ToolServices;
}

export interface ChildRunOptions {
  /** Asked-for limits; with `inheritBudgets` they are capped by what the parent has left. */
  budgets?: BudgetSpecInput;
  /** Overrides `config.timeoutSeconds` for this child. */
  timeoutSeconds?: number;
  /**
   * A pattern's coordinating step (planner, synthesizer, reducer, moderator): it runs as a child (job, budgets,
   * timeout, depth) but does not count against `maxChildJobs`, which counts the children doing the work items.
   * @default false
   */
  coordinator?: boolean;
}

const childRunOptionsSchema = z.strictObject({
  budgets: z.custom<BudgetSpecInput>((v) => typeof v === 'object' && v !== null).optional(),
  timeoutSeconds: z.number().positive().finite().optional(),
  coordinator: z.boolean().default(false),
});

interface Shared {
  readonly config: OrchestrationConfig;
  readonly jobManager?: ChildJobManager;
  readonly eventBus?: EventBus;
  readonly usageRecorder?: UsageRecorder;
  readonly clock: Clock;
  readonly toolGate: ToolGate;
  readonly stepGate: StepGate;
  readonly toolServices: ToolServices;
}

/**
 * What an operator runs under: the ExecutionContext, its depth, the OrchestrationConfig, an AbortSignal,
 * event publishing, usage accounting and `runChild`, which runs another operator as a child (a child job when
 * this run is inside a job), enforcing depth, child count, concurrency, timeout, budgets and cancellation.
 */
export class OperatorContext {
  private childCount = 0;
  private readonly childSlots: Semaphore;

  private constructor(
    readonly executionContext: ExecutionContext,
    readonly depth: number,
    private readonly shared: Shared,
    private readonly account: UsageAccount,
  ) {
    this.childSlots = new Semaphore(shared.config.parallelExecution ? shared.config.maxParallel : 1);
  }

  /** The root context of an orchestration (depth 0); its budgets are the ExecutionContext's. */
  static create(executionContext: ExecutionContext, options: OperatorContextOptions = {}): OperatorContext {
    const config = orchestrationConfig(options.config);
    const shared: Shared = {
      ...options,
      config,
      clock: options.clock ?? systemClock,
      toolGate: options.toolGate ?? allowAllTools,
      stepGate: options.stepGate ?? openSteps,
      toolServices: options.toolServices ?? withoutKernel,
    };
    return new OperatorContext(executionContext, 0, shared, new UsageAccount(executionContext.budgets));
  }

  get config(): OrchestrationConfig {
    return this.shared.config;
  }

  get signal(): AbortSignal {
    return this.executionContext.cancellation.signal;
  }

  get jobId(): string | undefined {
    return this.executionContext.jobId;
  }

  get clock(): Clock {
    return this.shared.clock;
  }

  /** The context-wide tool gate (OperatorContextOptions.toolGate). */
  get toolGate(): ToolGate {
    return this.shared.toolGate;
  }

  /** The context-wide step gate (OperatorContextOptions.stepGate). */
  get stepGate(): StepGate {
    return this.shared.stepGate;
  }

  /** The context-wide tool services (OperatorContextOptions.toolServices). */
  get toolServices(): ToolServices {
    return this.shared.toolServices;
  }

  /** Usage of this run including its children's (roll-up). */
  get usage(): OperatorUsage {
    return this.account.snapshot();
  }

  /** Counted children started so far (at most `config.maxChildJobs`; coordinator steps are not counted). */
  get childJobCount(): number {
    return this.childCount;
  }

  remainingBudget(): RemainingBudget {
    return this.account.remaining();
  }

  throwIfCancelled(): void {
    this.executionContext.cancellation.throwIfCancelled();
  }

  /** Throws BudgetExceededError when this run (or, inheriting, an ancestor) has no tokens or cost left. */
  assertBudgetAvailable(options: { toolCall?: boolean } = {}): void {
    this.account.assertAvailable(options);
  }

  async publish<T extends RuntimeEventType>(type: T, data: RuntimeEventDataMap[T]): Promise<void> {
    if (!this.shared.eventBus) return;
    const event = RuntimeEvent.fromContext(this.executionContext, type, data, {
      timestamp: this.shared.clock.now(),
    });
    await this.shared.eventBus.publish(event);
  }

  /**
   * Counts one model step here and in every ancestor and reports it to the usage recorder (with the step's
   * `hold`, which it settles); without a cost, the cost the recorder returns (a ledger prices the step) is counted.
   */
  async recordModelUsage(usage: TokenUsage, info: Omit<ModelUsageInfo, 'metadata'>): Promise<void> {
    this.account.add({ usage, cost: info.cost });
    const { operatorName, parentJobId } = this.executionContext.metadata;
    const metadata = Object.fromEntries(
      Object.entries({ operatorName, parentJobId }).filter(([, v]) => v !== undefined),
    );
    const recorder = this.shared.usageRecorder;
    if (!recorder) {
      await info.hold?.release();
      return;
    }
    const recorded = await recorder.recordModelUsage(this.executionContext, usage, { ...info, metadata });
    const recordedCost = (recorded as { cost?: unknown } | undefined)?.cost;
    if (info.cost === undefined && Decimal.isDecimal(recordedCost)) this.account.add({ cost: recordedCost });
  }

  recordToolCall(): void {
    this.account.add({ toolCalls: 1 });
  }

  /**
   * Throws OrchestrationLimitError unless one more level of nesting and `count` more counted children fit under
   * `maxDepth` and `maxChildJobs`. Patterns call it with all their work items before starting any child.
   */
  checkChildLimits(count: number): void {
    if (this.depth + 1 > this.config.maxDepth)
      throw new OrchestrationLimitError({ limit: 'maxDepth', limitValue: this.config.maxDepth });
    if (this.childCount + count > this.config.maxChildJobs)
      throw new OrchestrationLimitError({
        limit: 'maxChildJobs',
        limitValue: this.config.maxChildJobs,
        requested: this.childCount + count,
      });
  }

  /**
   * Runs `operator` as a child. Throws OrchestrationLimitError (nothing started) past `maxDepth` or
   * `maxChildJobs`; every other outcome (failure, exhausted budget, timeout, cancellation) is a failed result.
   */
  async runChild(
    operator: Operator,
    input: OperatorInput,
    options: ChildRunOptions = {},
  ): Promise<OperatorResult> {
    const parsed = parseInput(childRunOptionsSchema, options, 'options');
    const requested = budgetSpec(parsed.budgets, 'options.budgets');
    this.reserveChildSlot(parsed.coordinator);
    let budgets: BudgetSpec;
    try {
      this.throwIfCancelled();
      budgets = this.childBudgets(requested);
    } catch (error) {
      return failed(operator, error);
    }
    const release = await this.childSlots.acquire();
    try {
      if (this.signal.aborted) return failed(operator, new CancelledError({ reason: 'parent cancelled' }));
      return await runChildToEnd(this.asChildParent(), {
        operator,
        input,
        budgets,
        timeoutSeconds: parsed.timeoutSeconds ?? this.config.timeoutSeconds,
      });
    } finally {
      release();
    }
  }

  private reserveChildSlot(coordinator: boolean): void {
    this.checkChildLimits(coordinator ? 0 : 1);
    if (!coordinator) this.childCount++;
  }

  /** The child's limits: what it asked for, capped (when inheriting) by what this run has left. */
  private childBudgets(requested: BudgetSpec): BudgetSpec {
    if (!this.config.inheritBudgets) return requested;
    this.account.assertAvailable();
    const left = this.account.remaining();
    const inherited = { ...this.account.budgets, ...requested };
    return budgetSpec({
      ...inherited,
      maxTokens: capped(inherited.maxTokens, left.tokens),
      maxCost:
        inherited.maxCost && left.cost
          ? Decimal.min(inherited.maxCost, left.cost)
          : (inherited.maxCost ?? left.cost),
      maxToolCalls: capped(inherited.maxToolCalls, left.toolCalls),
    });
  }

  /** This run as the parent of a child run. */
  private asChildParent(): ChildRunParent<OperatorContext> {
    const { config, jobManager, usageRecorder, clock } = this.shared;
    return {
      executionContext: this.executionContext,
      depth: this.depth,
      config,
      jobManager,
      usageRecorder,
      clock,
      account: this.account,
      childContext: (executionContext, account) =>
        new OperatorContext(executionContext, this.depth + 1, this.shared, account),
    };
  }
}

function capped(asked: number | undefined, left: number | undefined): number | undefined {
  if (left === undefined) return asked;
  return asked === undefined ? left : Math.min(asked, left);
}
