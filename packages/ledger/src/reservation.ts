import type { MoneyInput } from '@agent-runtime/core';
import type { BudgetCheckResult } from './budget-check';
import type { BudgetDecision } from './budget-decision';
import type { UsageAmount } from './budget-limit';
import type { LedgerEvent } from './ledger-event';
import type { UsageRecord } from './usage-record';

/** The actual usage a reservation is settled with. */
export interface SettleInput {
  /** Total tokens; default inputTokens + outputTokens. */
  tokens?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** Default: priced from the pricing table when `model` is known, else 0. */
  cost?: MoneyInput;
  /** Tool calls made; default the reserved number (for a tool reservation). */
  toolCalls?: number;
  provider?: string;
  model?: string;
  toolName?: string;
  durationMs?: number;
  metadata?: Record<string, unknown>;
}

export interface ReservationInit {
  readonly reservationId: string;
  readonly check: BudgetCheckResult;
  readonly amount: UsageAmount;
  readonly expiresAt: number;
  readonly jobUsage?: UsageRecord;
  readonly settle: (actual: SettleInput) => Promise<LedgerEvent[]>;
  readonly release: () => Promise<boolean>;
}

/**
 * Headroom held under every budget until `settle` (records the actual usage in the same atomic step that frees
 * the hold) or `release` (frees it, records nothing). A reservation that is neither stops counting at
 * `expiresAt` (the ledger's `reservationTtlMs` after it was made); settling it later still records the usage.
 */
export class Reservation {
  readonly reservationId: string;
  readonly decision: Exclude<BudgetDecision, 'deny'>;
  readonly reason: string;
  readonly limit: BudgetCheckResult['limit'];
  readonly amount: UsageAmount;
  readonly expiresAt: number;
  /** The job's recorded usage when the hold was made, when the writer read it with the reservation. */
  readonly jobUsage?: UsageRecord;
  private readonly settleFn: ReservationInit['settle'];
  private readonly releaseFn: ReservationInit['release'];

  constructor(init: ReservationInit) {
    this.reservationId = init.reservationId;
    this.decision = init.check.decision as Exclude<BudgetDecision, 'deny'>;
    this.reason = init.check.reason;
    this.limit = init.check.limit;
    this.amount = init.amount;
    this.expiresAt = init.expiresAt;
    if (init.jobUsage) this.jobUsage = init.jobUsage;
    this.settleFn = init.settle;
    this.releaseFn = init.release;
  }

  /** Records the actual usage and frees the hold. Throws InvalidTransitionError if already settled or released. */
  settle(actual: SettleInput = {}): Promise<LedgerEvent[]> {
    return this.settleFn(actual);
  }

  /** Frees the hold, recording nothing. Returns false (and does nothing) if already settled or released. */
  release(): Promise<boolean> {
    return this.releaseFn();
  }
}
