import { Decimal, type ExecutionContext, withoutUndefined } from '@agent-runtime/core';
import type { Budget, ExceedStrategy } from './budget';
import type { BudgetLimit, UsageMetric } from './budget-limit';
import { dayStart, minuteStart, monthStart } from './windows';

/** Which budget a limit comes from: a scope, principal or session Budget, or the context's BudgetSpec. */
export type LimitSource = 'scope' | 'principal' | 'session' | 'request';

/** A BudgetLimit with what the ledger needs to decide about it. `local` limits are not sent to the store. */
export interface LimitDescriptor {
  readonly limit: BudgetLimit;
  readonly name: string;
  readonly source: LimitSource;
  readonly strategy: ExceedStrategy;
  readonly warningThreshold?: number;
  /** A per-request limit without a jobId: only the pending amount counts. */
  readonly local: boolean;
}

type Window = 'request' | 'minute' | 'day' | 'month' | 'total';

const BUDGET_LIMITS: readonly [keyof Budget, UsageMetric, Window][] = [
  ['maxTokensPerRequest', 'tokens', 'request'],
  ['maxTokensDaily', 'tokens', 'day'],
  ['maxTokensMonthly', 'tokens', 'month'],
  ['maxTokensTotal', 'tokens', 'total'],
  ['maxCostPerRequest', 'cost', 'request'],
  ['maxCostDaily', 'cost', 'day'],
  ['maxCostMonthly', 'cost', 'month'],
  ['maxRequestsPerMinute', 'requests', 'minute'],
  ['maxRequestsDaily', 'requests', 'day'],
  ['maxToolCallsPerRequest', 'toolCalls', 'request'],
  ['maxToolCallsDaily', 'toolCalls', 'day'],
];

const SPEC_LIMITS: readonly ['maxTokens' | 'maxCost' | 'maxToolCalls', UsageMetric][] = [
  ['maxTokens', 'tokens'],
  ['maxCost', 'cost'],
  ['maxToolCalls', 'toolCalls'],
];

/** Every limit that governs work under `ctx` at time `now`: its Budgets' limits and its own BudgetSpec. */
export function limitsFor(ctx: ExecutionContext, budgets: readonly Budget[], now: number): LimitDescriptor[] {
  return [...budgets.flatMap((b) => budgetLimits(ctx, b, now)), ...specLimits(ctx)];
}

function budgetLimits(ctx: ExecutionContext, budget: Budget, now: number): LimitDescriptor[] {
  const source = sourceOf(budget);
  return BUDGET_LIMITS.flatMap(([name, metric, window]) => {
    const max = budget[name] as number | Decimal | undefined;
    if (max === undefined) return [];
    const limit: BudgetLimit = withoutUndefined({
      key: `${ownerOf(budget)}:${name}`,
      metric,
      scopeId: budget.scopeId,
      principalId: budget.principalId,
      // a job runs in one session: its per-request usage needs no session filter
      sessionId: window === 'request' ? undefined : budget.sessionId,
      jobId: window === 'request' ? ctx.jobId : undefined,
      since: windowStart(window, now),
      max: new Decimal(max),
      enforce: budget.exceedStrategy === 'deny',
    });
    const local = window === 'request' && ctx.jobId === undefined;
    return [
      {
        limit,
        name,
        source,
        strategy: budget.exceedStrategy,
        warningThreshold: budget.warningThreshold,
        local,
      },
    ];
  });
}

function sourceOf(budget: Budget): LimitSource {
  if (budget.sessionId !== undefined) return 'session';
  return budget.principalId === undefined ? 'scope' : 'principal';
}

/** `scope:s`, `principal:s/p`, `session:s/x` or `session:s/p/x`: unique per budget key. */
function ownerOf(budget: Budget): string {
  const ids = [budget.scopeId, budget.principalId, budget.sessionId].filter((id) => id !== undefined);
  return `${sourceOf(budget)}:${ids.join('/')}`;
}

function specLimits(ctx: ExecutionContext): LimitDescriptor[] {
  return SPEC_LIMITS.flatMap(([name, metric]) => {
    const max = ctx.budgets[name];
    if (max === undefined) return [];
    const limit: BudgetLimit = withoutUndefined({
      key: `request:${ctx.jobId ?? ctx.runId}:${name}`,
      metric,
      scopeId: ctx.scopeId,
      jobId: ctx.jobId,
      max: new Decimal(max),
      enforce: true,
    });
    return [
      { limit, name, source: 'request' as const, strategy: 'deny' as const, local: ctx.jobId === undefined },
    ];
  });
}

function windowStart(window: Window, now: number): number | undefined {
  switch (window) {
    case 'minute':
      return minuteStart(now);
    case 'day':
      return dayStart(now);
    case 'month':
      return monthStart(now);
    default:
      return undefined;
  }
}
