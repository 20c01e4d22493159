import { Decimal } from '@agent-runtime/core';
import { BudgetDecision, moreRestrictive } from './budget-decision';
import { type LimitUsage, metricOf, type UsageAmount } from './budget-limit';
import type { LimitDescriptor, LimitSource } from './budget-limits';

/** The limit a budget decision is about. Amounts are decimal strings. */
export interface BudgetLimitStatus {
  readonly key: string;
  /** The Budget / BudgetSpec field, e.g. `maxTokensDaily`. */
  readonly name: string;
  readonly source: LimitSource;
  readonly metric: LimitDescriptor['limit']['metric'];
  readonly max: string;
  /** Used in the window plus open reservations, before this operation. */
  readonly used: string;
  readonly requested: string;
}

export interface BudgetCheckResult {
  readonly decision: BudgetDecision;
  readonly reason: string;
  /** The limit behind a non-allow decision. */
  readonly limit?: BudgetLimitStatus;
}

interface LimitVerdict {
  readonly decision: BudgetDecision;
  readonly reason: string;
  readonly status: BudgetLimitStatus;
  readonly exceeded: boolean;
}

/**
 * Decides over every limit: a limit is exceeded when used + reserved + requested > max, and then answers its
 * budget's strategy (deny / degrade / warn); a limit at or past its warning threshold answers warn. The most
 * restrictive answer wins (deny > degrade > warn > allow); among equals, the first limit.
 */
export function decide(
  descriptors: readonly LimitDescriptor[],
  usage: readonly LimitUsage[],
  amount: UsageAmount,
): BudgetCheckResult & { verdict?: LimitVerdict } {
  let winner: LimitVerdict | undefined;
  descriptors.forEach((descriptor, i) => {
    const verdict = judge(descriptor, usage[i], amount);
    if (verdict && (!winner || moreRestrictive(winner.decision, verdict.decision) !== winner.decision))
      winner = verdict;
  });
  if (!winner) return { decision: BudgetDecision.ALLOW, reason: 'within budget' };
  return { decision: winner.decision, reason: winner.reason, limit: winner.status, verdict: winner };
}

function judge(descriptor: LimitDescriptor, usage: LimitUsage | undefined, amount: UsageAmount) {
  const { limit } = descriptor;
  const used = usage ? usage.used.plus(usage.reserved) : new Decimal(0);
  const requested = metricOf(amount, limit.metric);
  const projected = used.plus(requested);
  const status = limitStatus(descriptor, used, requested);
  const label = `${limit.key} (${projected} of ${limit.max} ${limit.metric})`;
  if (projected.greaterThan(limit.max))
    return { decision: descriptor.strategy, reason: `budget exceeded: ${label}`, status, exceeded: true };
  const threshold = descriptor.warningThreshold;
  if (
    threshold !== undefined &&
    limit.max.greaterThan(0) &&
    projected.greaterThanOrEqualTo(limit.max.times(threshold))
  )
    return { decision: BudgetDecision.WARN, reason: `budget warning: ${label}`, status, exceeded: false };
  return undefined;
}

/** The status of one limit with `used` (events, and reservations when they count) and `requested`. */
export function limitStatus(
  descriptor: LimitDescriptor,
  used: Decimal,
  requested: Decimal,
): BudgetLimitStatus {
  const { limit } = descriptor;
  return {
    key: limit.key,
    name: descriptor.name,
    source: descriptor.source,
    metric: limit.metric,
    max: limit.max.toString(),
    used: used.toString(),
    requested: requested.toString(),
  };
}
