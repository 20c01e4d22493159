import {
  BudgetExceededError,
  type Clock,
  Decimal,
  ExecutionContext,
  InvalidTransitionError,
  newId,
  parseInput,
  systemClock,
  ValidationError,
  withoutUndefined,
} from '@agent-runtime/core';
import { type Budget, type BudgetInput, budget as parseBudget } from './budget';
import { type BudgetCheckResult, type BudgetLimitStatus, decide } from './budget-check';
import { BudgetDecision } from './budget-decision';
import type { LimitUsage, UsageAmount } from './budget-limit';
import { type LimitDescriptor, limitsFor } from './budget-limits';
import type { BudgetKey, BudgetStore } from './budget-store';
import { type Headroom, headroomOf, overspentLimit } from './headroom';
import { InMemoryBudgetStore } from './in-memory-budget-store';
import { KnownBudgets } from './known-budgets';
import { LedgerEvent, type UsageInput } from './ledger-event';
import { budgetEvent, settlementEvents, withIdentity } from './ledger-event-builders';
import { LedgerEventType } from './ledger-event-type';
import {
  type LedgerOptions,
  ledgerOptionsSchema,
  type ModelUsageOptions,
  modelUsageSchema,
  type PendingUsage,
  pendingSchema,
  type ReserveInput,
  reserveSchema,
  settleSchema,
  type ToolUsageOptions,
  toolUsageSchema,
} from './ledger-options';
import type { ExpectedBudgets, LedgerEventFilter, LedgerWriter, UsageFilter } from './ledger-writer';
import { parsePricing, priceUsage } from './pricing';
import { Reservation, type SettleInput } from './reservation';
import { ledgerEventFilter, usageFilter } from './usage-filter';
import { emptyUsage, type UsageRecord } from './usage-record';
import { scopedFilter, type UsageScopeOptions } from './usage-scope';

/** Reservation attempts that check the budgets last seen; the last one goes by the budgets just returned. */
const MAX_BUDGET_ATTEMPTS = 4;

/**
 * Records usage and enforces budgets: ledger Budgets per scope, principal and session (all that match apply),
 * kept in a BudgetStore, and the context's own BudgetSpec against its job's usage. Under concurrency, `reserve` before and `settle` after
 * keeps hard (deny) limits from being overspent, because the writer checks and holds atomically.
 */
export class Ledger {
  readonly writer: LedgerWriter;
  private readonly clock: Clock;
  private readonly pricing: ReturnType<typeof parsePricing>;
  private readonly reservationTtlMs: number;
  private readonly budgets: BudgetStore;
  private readonly warned = new Set<string>();
  private readonly known = new KnownBudgets();

  constructor(writer: LedgerWriter, options: LedgerOptions = {}) {
    const parsed = parseInput(ledgerOptionsSchema, options, 'ledgerOptions');
    this.writer = writer;
    this.clock = parsed.clock ?? systemClock;
    this.pricing = parsePricing(options.pricing);
    this.reservationTtlMs = parsed.reservationTtlMs;
    this.budgets = parsed.budgetStore ?? new InMemoryBudgetStore();
  }

  /**
   * Sets (or replaces) the budget of a scope, a principal, a session or a principal's session in the budget
   * store. Throws ValidationError naming the field (`budget.maxCostDaily`), storing nothing.
   */
  async setBudget(input: BudgetInput): Promise<Budget> {
    const validated = parseBudget(input);
    await this.budgets.set(validated);
    return validated;
  }

  getBudget(key: BudgetKey): Promise<Budget | undefined> {
    return this.budgets.get(key);
  }

  removeBudget(key: BudgetKey): Promise<boolean> {
    return this.budgets.remove(key);
  }

  /**
   * What the hard token and cost limits over `ctx` (its Budgets and BudgetSpec) still allow now, open
   * reservations counted: the kernel sizes each model step to it.
   */
  async headroom(ctx: ExecutionContext): Promise<Headroom> {
    assertContext(ctx);
    const now = this.clock.now();
    return this.headroomUnder(await this.limitsFor(ctx, now), now);
  }

  /**
   * The first hard limit over `ctx` whose recorded usage alone is over its max (a provider used more than its
   * step was capped to), or undefined.
   */
  async overspent(ctx: ExecutionContext): Promise<BudgetLimitStatus | undefined> {
    assertContext(ctx);
    const now = this.clock.now();
    const descriptors = await this.limitsFor(ctx, now);
    const usage = await this.writer.measure(storeLimits(descriptors), now);
    return overspentLimit(descriptors, alignUsage(descriptors, usage));
  }

  /** The price of one input and one output token of `model`, or undefined when the pricing table lacks it. */
  pricePerToken(model: string): { input: Decimal; output: Decimal } | undefined {
    if (!Object.hasOwn(this.pricing, model)) return undefined;
    return {
      input: this.costOf(model, { inputTokens: 1 }),
      output: this.costOf(model, { outputTokens: 1 }),
    };
  }

  /**
   * Usage summed over the events matching `filter`. With `scopeId`, only that scope's events count (none
   * when `filter.scopeId` names another scope).
   */
  async getUsage(filter: UsageFilter = {}, options: UsageScopeOptions = {}): Promise<UsageRecord> {
    const scoped = scopedFilter(usageFilter(filter), options);
    return scoped ? this.writer.getUsage(scoped) : emptyUsage();
  }

  /** The events matching `filter`, oldest first; with `scopeId`, only that scope's. */
  async listEvents(filter: LedgerEventFilter = {}, options: UsageScopeOptions = {}): Promise<LedgerEvent[]> {
    const scoped = scopedFilter(ledgerEventFilter(filter), options);
    return scoped ? this.writer.listEvents(scoped) : [];
  }

  /** Decides whether an operation of this size may proceed now (open reservations count). Never throws on deny. */
  async checkBudget(ctx: ExecutionContext, pending: PendingUsage = {}): Promise<BudgetCheckResult> {
    assertContext(ctx);
    const parsed = parseInput(pendingSchema, pending, 'pending');
    const amount = toAmount(
      parsed.pendingTokens,
      parsed.pendingCost,
      parsed.pendingToolCalls,
      parsed.pendingRequests,
    );
    const now = this.clock.now();
    const descriptors = await this.limitsFor(ctx, now);
    const usage = await this.writer.measure(storeLimits(descriptors), now);
    return this.conclude(ctx, descriptors, usage, amount, now);
  }

  /**
   * Atomically checks every limit and holds `amount` of headroom. Throws BudgetExceededError (naming the limit,
   * its value and the usage) when the decision is deny; otherwise returns the reservation with its decision.
   */
  async reserve(ctx: ExecutionContext, input: ReserveInput = {}): Promise<Reservation> {
    assertContext(ctx);
    return (await this.reserveUnder(ctx, async () => input)).reservation;
  }

  /**
   * Reserves like `reserve` an amount sized to the headroom: `size` gets what the hard token and cost limits
   * allow now (see `headroom`; nothing is measured when no such limit applies) and returns the amount, which
   * comes back as `size`. With a writer that checks budgets (`writer.budgetStore` is this ledger's store, as
   * with `createPostgresStores`) the budgets last seen for the identity are checked in the reservation's own
   * statement instead of read before it; when another ledger changed them, `size` is asked again under the
   * current ones.
   */
  async reserveWithin<T extends ReserveInput>(
    ctx: ExecutionContext,
    size: (headroom: Headroom) => T,
  ): Promise<{ reservation: Reservation; size: T }> {
    assertContext(ctx);
    return this.reserveUnder(ctx, async (descriptors, now) =>
      size(await this.headroomUnder(descriptors, now)),
    );
  }

  /** Records a model step's usage (a model_usage event); cost from the pricing table unless given. */
  async recordModelUsage(
    ctx: ExecutionContext,
    usage: UsageInput,
    options: ModelUsageOptions,
  ): Promise<LedgerEvent> {
    assertContext(ctx);
    const parsed = parseInput(modelUsageSchema, options, 'options');
    const event = LedgerEvent.fromUsage(
      usage,
      withIdentity(
        {
          timestamp: this.clock.now(),
          provider: parsed.provider,
          model: parsed.model,
          cost: parsed.cost ?? this.costOf(parsed.model, usage),
          durationMs: parsed.durationMs,
          metadata: parsed.metadata,
        },
        ctx,
      ),
    );
    await this.store(parsed.reservation, [event]);
    return event;
  }

  /** Records a tool call (a tool_usage event with `metadata.toolName`). */
  async recordToolUsage(ctx: ExecutionContext, options: ToolUsageOptions): Promise<LedgerEvent> {
    assertContext(ctx);
    const parsed = parseInput(toolUsageSchema, options, 'options');
    const fields = {
      type: LedgerEventType.TOOL_USAGE,
      timestamp: this.clock.now(),
      cost: parsed.cost,
      durationMs: parsed.durationMs,
      metadata: { ...parsed.metadata, toolName: parsed.toolName },
    };
    const event = new LedgerEvent(withIdentity(fields, ctx));
    await this.store(parsed.reservation, [event]);
    return event;
  }

  /** The price of `usage` on `model` from the pricing table (per million input/output tokens); 0 if unpriced. */
  costOf(model: string, usage: UsageInput): Decimal {
    return priceUsage(this.pricing, model, usage);
  }

  private async limitsFor(ctx: ExecutionContext, now: number): Promise<LimitDescriptor[]> {
    return limitsFor(ctx, await this.budgets.applicable(identityOf(ctx)), now);
  }

  /**
   * Reserves `amountUnder(descriptors, now)` under the budgets of ctx's identity: the ones last seen when the
   * writer checks them, asked again under the current ones when they changed.
   */
  private async reserveUnder<T extends ReserveInput>(
    ctx: ExecutionContext,
    amountUnder: (descriptors: readonly LimitDescriptor[], now: number) => Promise<T>,
  ): Promise<{ reservation: Reservation; size: T }> {
    const identity = identityOf(ctx);
    let budgets = await this.budgetsOf(identity);
    for (let attempt = 1; ; attempt++) {
      const now = this.clock.now();
      const descriptors = limitsFor(ctx, budgets, now);
      const sized = await amountUnder(descriptors, now);
      const checked = this.checksBudgets && attempt < MAX_BUDGET_ATTEMPTS;
      const held = await this.hold(
        ctx,
        descriptors,
        sized,
        now,
        checked ? { identity, expected: budgets } : undefined,
      );
      if ('reservation' in held) return { reservation: held.reservation, size: sized };
      budgets = held.budgets;
      this.known.set(identity, budgets);
    }
  }

  /** True when the writer checks this ledger's budgets at each reservation (no read of them before it). */
  private get checksBudgets(): boolean {
    return this.writer.budgetStore !== undefined && this.writer.budgetStore === this.budgets;
  }

  /** The budgets a reservation of `identity` starts from: the last ones seen when the writer checks them. */
  private async budgetsOf(identity: BudgetKey): Promise<readonly Budget[]> {
    if (!this.checksBudgets) return this.budgets.applicable(identity);
    const known = this.known.get(identity);
    if (known) return known;
    const budgets = await this.budgets.applicable(identity);
    this.known.set(identity, budgets);
    return budgets;
  }

  /** The headroom under `descriptors`, measuring only the hard token and cost limits it is made of. */
  private async headroomUnder(descriptors: readonly LimitDescriptor[], now: number): Promise<Headroom> {
    const sizing = storeLimits(descriptors).filter(
      (limit) => limit.enforce && (limit.metric === 'tokens' || limit.metric === 'cost'),
    );
    const usage = sizing.length === 0 ? [] : await this.writer.measure(sizing, now);
    return headroomOf(descriptors, alignUsage(descriptors, usage));
  }

  /**
   * One reservation attempt under `descriptors`: the reservation, or the store's current budgets when they
   * were not `budgets.expected` (nothing held then).
   */
  private async hold(
    ctx: ExecutionContext,
    descriptors: readonly LimitDescriptor[],
    input: ReserveInput,
    now: number,
    budgets: ExpectedBudgets | undefined,
  ): Promise<{ reservation: Reservation } | { budgets: readonly Budget[] }> {
    const amount = reservedAmount(input);
    const reservationId = newId('rsv');
    const expiresAt = now + this.reservationTtlMs;
    const request = withIdentity(
      { reservationId, amount, limits: storeLimits(descriptors), now, expiresAt },
      ctx,
    );
    const outcome = await this.writer.reserve(budgets ? Object.assign(request, { budgets }) : request);
    if (outcome.budgets) return { budgets: outcome.budgets };
    const check = await this.conclude(ctx, descriptors, outcome.usage, amount, now);
    if (check.decision === BudgetDecision.DENY || !outcome.reserved) {
      if (outcome.reserved) await this.writer.releaseReservation(reservationId);
      throw exceededError(check);
    }
    const reservation = new Reservation({
      reservationId,
      check,
      amount,
      expiresAt,
      jobUsage: outcome.jobUsage,
      settle: (actual) => this.settle(ctx, reservationId, amount, actual),
      release: async () => (await this.writer.releaseReservation(reservationId)) === 'open',
    });
    return { reservation };
  }

  private async conclude(
    ctx: ExecutionContext,
    descriptors: readonly LimitDescriptor[],
    storeUsage: readonly LimitUsage[],
    amount: UsageAmount,
    now: number,
  ): Promise<BudgetCheckResult> {
    const usage = alignUsage(descriptors, storeUsage);
    const { verdict, ...result } = decide(descriptors, usage, amount);
    if (verdict && (verdict.exceeded || this.firstWarning(verdict.status.key, descriptors)))
      await this.writer.write(budgetEvent(ctx, result, verdict.exceeded, now));
    return result;
  }

  /** True the first time a limit warns within its window (one budget_warning per limit and window). */
  private firstWarning(key: string, descriptors: readonly LimitDescriptor[]): boolean {
    const since = descriptors.find((descriptor) => descriptor.limit.key === key)?.limit.since ?? 0;
    const windowKey = `${key}@${since}`;
    if (this.warned.has(windowKey)) return false;
    this.warned.add(windowKey);
    return true;
  }

  private async settle(
    ctx: ExecutionContext,
    reservationId: string,
    reserved: UsageAmount,
    input: SettleInput,
  ): Promise<LedgerEvent[]> {
    const actual = parseInput(settleSchema, input, 'actual');
    const events = settlementEvents({
      ctx,
      reservationId,
      reserved,
      actual,
      timestamp: this.clock.now(),
      costOf: (model, usage) => this.costOf(model, usage),
    });
    await this.settleReservation(reservationId, events);
    return events;
  }

  private async store(reservation: Reservation | undefined, events: LedgerEvent[]): Promise<void> {
    if (!reservation) {
      for (const event of events) await this.writer.write(event);
      return;
    }
    await this.settleReservation(reservation.reservationId, events);
  }

  /** Settles an open reservation with `events`; InvalidTransitionError when it was not open. */
  private async settleReservation(reservationId: string, events: readonly LedgerEvent[]): Promise<void> {
    const found = await this.writer.settleReservation(reservationId, events);
    if (found !== 'open')
      throw new InvalidTransitionError({
        entity: 'reservation',
        id: reservationId,
        from: found,
        to: 'settled',
      });
  }
}

/** The amount a reservation holds: `input`'s tokens, cost, tool calls and requests, validated. */
function reservedAmount({ tokens, cost, toolCalls, requests }: ReserveInput): UsageAmount {
  const parsed = parseInput(
    reserveSchema,
    withoutUndefined({ tokens, cost, toolCalls, requests }),
    'reservation',
  );
  return toAmount(parsed.tokens, parsed.cost, parsed.toolCalls, parsed.requests);
}

function toAmount(
  tokens: number | undefined,
  cost: Decimal | undefined,
  toolCalls: number | undefined,
  requests: number | undefined,
): UsageAmount {
  const calls = toolCalls ?? 0;
  return {
    tokens: tokens ?? 0,
    cost: cost ?? new Decimal(0),
    toolCalls: calls,
    requests: requests ?? (calls > 0 ? 0 : 1),
  };
}

function storeLimits(descriptors: readonly LimitDescriptor[]) {
  return descriptors.filter((descriptor) => !descriptor.local).map((descriptor) => descriptor.limit);
}

/** Store usage for store limits; zero for local (per-request, no job) limits. */
function alignUsage(
  descriptors: readonly LimitDescriptor[],
  storeUsage: readonly LimitUsage[],
): LimitUsage[] {
  const byKey = new Map(storeUsage.map((usage) => [usage.key, usage]));
  return descriptors.map(
    (descriptor) =>
      byKey.get(descriptor.limit.key) ?? {
        key: descriptor.limit.key,
        used: new Decimal(0),
        reserved: new Decimal(0),
      },
  );
}

function exceededError(check: BudgetCheckResult): BudgetExceededError {
  const limit = check.limit;
  return new BudgetExceededError({
    limit: limit?.name ?? 'unknown',
    limitValue: limit?.max ?? '0',
    usage: limit ? new Decimal(limit.used).plus(limit.requested).toString() : '0',
    message: check.reason,
  });
}

/** The budget identity of work under `ctx`: its scope, and its principal and session when set. */
function identityOf(ctx: ExecutionContext): BudgetKey {
  return withoutUndefined({ scopeId: ctx.scopeId, principalId: ctx.principalId, sessionId: ctx.sessionId });
}

function assertContext(ctx: unknown): asserts ctx is ExecutionContext {
  if (!(ctx instanceof ExecutionContext))
    throw new ValidationError({ field: 'ctx', message: 'ctx: must be an ExecutionContext' });
}
