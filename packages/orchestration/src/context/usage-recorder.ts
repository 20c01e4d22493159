import type { Decimal, ExecutionContext, TokenUsage } from '@agent-runtime/core';
import type { StepHold } from './step-gate';

/** How one model step is described to a UsageRecorder. */
export interface ModelUsageInfo {
  provider: string;
  model: string;
  cost?: Decimal;
  durationMs?: number;
  /** What the context's StepGate held for the step (set only when it held something): the recorder settles it. */
  hold?: StepHold;
  /** Set by the context: `operatorName`, and `parentJobId` when the run is a child job. */
  metadata?: Record<string, unknown>;
}

/** A child run ended: its total usage (own and descendants') rolls up to its parent. */
export interface ChildUsage {
  /** The parent's context (its `jobId` is the parent job, when there is one). */
  parentContext: ExecutionContext;
  childJobId?: string;
  operatorName: string;
  usage: TokenUsage;
  cost: Decimal;
  toolCalls: number;
}

/**
 * Where orchestration reports usage. `recordModelUsage` has the shape of the ledger's
 * `Ledger.recordModelUsage`, so a `Ledger` can be passed as is: every model step is recorded once, under the
 * job that made it (ctx.jobId is the child job; `info.metadata` and ctx.metadata carry `parentJobId`). `recordChildUsage`, when
 * present, is told each child's rolled-up total, so a store that keeps per-job totals can add it to the parent.
 */
export interface UsageRecorder {
  /** May resolve to the recorded event; its `cost` counts when the step came without one (ledger pricing). */
  recordModelUsage(ctx: ExecutionContext, usage: TokenUsage, info: ModelUsageInfo): Promise<unknown>;
  recordChildUsage?(entry: ChildUsage): Promise<unknown>;
}
