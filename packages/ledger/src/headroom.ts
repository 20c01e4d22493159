import { Decimal } from '@agent-runtime/core';
import { type BudgetLimitStatus, limitStatus } from './budget-check';
import type { LimitUsage } from './budget-limit';
import type { LimitDescriptor } from './budget-limits';

/** How much of one metric the tightest hard limit still allows, and that limit. */
export interface MetricHeadroom {
  /** `max - used - reserved` of the tightest limit; negative when the limit is already overspent. */
  readonly remaining: Decimal;
  readonly limit: BudgetLimitStatus;
}

/** What the hard (`deny`) token and cost limits that apply still allow now; a metric without one is absent. */
export interface Headroom {
  readonly tokens?: MetricHeadroom;
  readonly cost?: MetricHeadroom;
}

/** The tightest hard token and cost limit over `usage` (aligned with `descriptors`). */
export function headroomOf(descriptors: readonly LimitDescriptor[], usage: readonly LimitUsage[]): Headroom {
  const result: { tokens?: MetricHeadroom; cost?: MetricHeadroom } = {};
  descriptors.forEach((descriptor, i) => {
    const { limit } = descriptor;
    if (!limit.enforce || (limit.metric !== 'tokens' && limit.metric !== 'cost')) return;
    const held = heldOf(usage[i]);
    const remaining = limit.max.minus(held);
    const current = result[limit.metric];
    if (current?.remaining.lessThanOrEqualTo(remaining)) return;
    result[limit.metric] = { remaining, limit: limitStatus(descriptor, held, new Decimal(0)) };
  });
  return result;
}

/** The first hard limit whose recorded usage alone (reservations aside) is over its max, if any. */
export function overspentLimit(
  descriptors: readonly LimitDescriptor[],
  usage: readonly LimitUsage[],
): BudgetLimitStatus | undefined {
  const index = descriptors.findIndex(
    (d, i) => d.limit.enforce && (usage[i]?.used ?? new Decimal(0)).greaterThan(d.limit.max),
  );
  if (index < 0) return undefined;
  const descriptor = descriptors[index]!;
  return limitStatus(descriptor, usage[index]?.used ?? new Decimal(0), new Decimal(0));
}

function heldOf(usage: LimitUsage | undefined): Decimal {
  return usage ? usage.used.plus(usage.reserved) : new Decimal(0);
}
