import type { Decimal, ExecutionContext } from '@agent-runtime/core';
import type { z } from 'zod';
import type { BudgetCheckResult } from './budget-check';
import type { UsageAmount } from './budget-limit';
import { LedgerEvent, type UsageInput } from './ledger-event';
import { LedgerEventType } from './ledger-event-type';
import type { settleSchema } from './ledger-options';

/** The ids of `ctx` an event or reservation carries. */
export interface Identity {
  scopeId: string;
  jobId?: string;
  runId?: string;
  principalId?: string;
  sessionId?: string;
}

/** `fields` (a fresh object) with the scope of `ctx` and those of its other ids that are set. */
export function withIdentity<T extends object>(fields: T, ctx: ExecutionContext): T & Identity {
  const target = fields as T & Identity;
  target.scopeId = ctx.scopeId;
  if (ctx.jobId !== undefined) target.jobId = ctx.jobId;
  if (ctx.runId !== undefined) target.runId = ctx.runId;
  if (ctx.principalId !== undefined) target.principalId = ctx.principalId;
  if (ctx.sessionId !== undefined) target.sessionId = ctx.sessionId;
  return target;
}

/** A budget_warning or budget_exceeded event for a check's verdict. */
export function budgetEvent(
  ctx: ExecutionContext,
  result: BudgetCheckResult,
  exceeded: boolean,
  now: number,
): LedgerEvent {
  const type = exceeded ? LedgerEventType.BUDGET_EXCEEDED : LedgerEventType.BUDGET_WARNING;
  const metadata = { decision: result.decision, reason: result.reason, limit: { ...result.limit } };
  return new LedgerEvent(withIdentity({ type, timestamp: now, metadata }, ctx));
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
  const options = (
    type: LedgerEventType | undefined,
    cost: Decimal | undefined,
    metadata: Record<string, unknown>,
  ) =>
    withIdentity(
      {
        type,
        timestamp,
        provider: actual.provider,
        model: actual.model,
        durationMs: actual.durationMs,
        cost,
        metadata,
      },
      ctx,
    );
  const tokens = {
    inputTokens: actual.inputTokens,
    outputTokens: actual.outputTokens,
    totalTokens: actual.tokens,
  };
  const metadata = { ...actual.metadata, reservationId };
  const cost = actual.cost ?? (actual.model ? costOf(actual.model, tokens) : undefined);
  if (reserved.toolCalls === 0 && actual.toolCalls === undefined)
    return [LedgerEvent.fromUsage(tokens, options(undefined, cost, metadata))];
  const calls = actual.toolCalls ?? reserved.toolCalls;
  const toolMetadata = actual.toolName ? { ...metadata, toolName: actual.toolName } : metadata;
  return Array.from({ length: calls }, (_, i) =>
    LedgerEvent.fromUsage(
      i === 0 ? tokens : {},
      options(LedgerEventType.TOOL_USAGE, i === 0 ? cost : undefined, toolMetadata),
    ),
  );
}
