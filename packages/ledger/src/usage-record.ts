import { Decimal } from '@agent-runtime/core';
import type { LedgerEvent } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';

/**
 * Usage summed over ledger events. `requests` counts model_usage events, `toolCalls` counts tool_usage
 * events; tokens and cost are summed over every event (budget events carry none).
 */
export interface UsageRecord {
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly cost: Decimal;
  readonly requests: number;
  readonly toolCalls: number;
}

export function emptyUsage(): UsageRecord {
  return { inputTokens: 0, outputTokens: 0, totalTokens: 0, cost: new Decimal(0), requests: 0, toolCalls: 0 };
}

/** `usage` plus one event. */
export function addEventToUsage(usage: UsageRecord, event: LedgerEvent): UsageRecord {
  return {
    inputTokens: usage.inputTokens + event.inputTokens,
    outputTokens: usage.outputTokens + event.outputTokens,
    totalTokens: usage.totalTokens + event.totalTokens,
    cost: usage.cost.plus(event.cost),
    requests: usage.requests + (event.type === LedgerEventType.MODEL_USAGE ? 1 : 0),
    toolCalls: usage.toolCalls + (event.type === LedgerEventType.TOOL_USAGE ? 1 : 0),
  };
}

/** `total` minus `part`, where `part` is usage over a subset of the events of `total`. */
export function subtractUsage(total: UsageRecord, part: UsageRecord): UsageRecord {
  return {
    inputTokens: total.inputTokens - part.inputTokens,
    outputTokens: total.outputTokens - part.outputTokens,
    totalTokens: total.totalTokens - part.totalTokens,
    cost: total.cost.minus(part.cost),
    requests: total.requests - part.requests,
    toolCalls: total.toolCalls - part.toolCalls,
  };
}
