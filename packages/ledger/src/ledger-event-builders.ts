import type { Decimal, ExecutionContext } from '@agent-runtime/core';
import type { z } from 'zod';
import type { BudgetCheckResult } from './budget-check';
import type { UsageAmount } from './budget-limit';
import { LedgerEvent, type UsageInput } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import type { settleSchema } from './ledger-options';

/** The ids of `ctx` an event carries (only those set). */
export function identity(ctx: ExecutionContext) {
  return Object.fromEntries(
    Object.entries({
      jobId: ctx.jobId,
      runId: ctx.runId,
      principalId: ctx.principalId,
      sessionId: ctx.sessionId,
    }).filter(([, v]) => v !== undefined),
  ) as { jobId?: string; runId?: string; principalId?: string; sessionId?: string };
}

/** A budget_warning or budget_exceeded event for a check's verdict. */
export function budgetEvent(
  ctx: ExecutionContext,
  result: BudgetCheckResult,
  exceeded: boolean,
  now: number,
): LedgerEvent {
  return new LedgerEvent({
    ...identity(ctx),
    type: exceeded ? LedgerEventType.BUDGET_EXCEEDED : LedgerEventType.BUDGET_WARNING,
    scopeId: ctx.scopeId,
    timestamp: now,
    metadata: { decision: result.decision, reason: result.reason, limit: { ...result.limit } },
  });
}

export interface Settlement {
  ctx: ExecutionContext;
  reservationId: string;
  reserved: UsageAmount;
  actual: z.output<typeof settleSchema>;
  timestamp: number;
  /** The price of `usage` on `model` when `actual` carries no cost. */
  costOf: (model: string, usage: UsageInput) => Decimal;
}

/**
 * The events that settle a reservation: one model_usage event, or one tool_usage event per tool call (the
 * first carries the tokens and the cost).
 */
export function settlementEvents({
  ctx,
  reservationId,
  reserved,
  actual,
  timestamp,
  costOf,
}: Settlement): LedgerEvent[] {
  const base = {
    ...identity(ctx),
    scopeId: ctx.scopeId,
    timestamp,
    provider: actual.provider,
    model: actual.model,
    durationMs: actual.durationMs,
  };
  const tokens = {
    inputTokens: actual.inputTokens,
    outputTokens: actual.outputTokens,
    totalTokens: actual.tokens,
  };
  const metadata = { ...actual.metadata, reservationId };
  const cost = actual.cost ?? (actual.model ? costOf(actual.model, tokens) : undefined);
  if (reserved.toolCalls === 0 && actual.toolCalls === undefined)
    return [LedgerEvent.fromUsage(tokens, { ...base, cost, metadata })];
  const calls = actual.toolCalls ?? reserved.toolCalls;
  const toolMetadata = actual.toolName ? { ...metadata, toolName: actual.toolName } : metadata;
  return Array.from({ length: calls }, (_, i) =>
    LedgerEvent.fromUsage(i === 0 ? tokens : {}, {
      ...base,
      type: LedgerEventType.TOOL_USAGE,
      cost: i === 0 ? cost : undefined,
      metadata: toolMetadata,
    }),
  );
}
