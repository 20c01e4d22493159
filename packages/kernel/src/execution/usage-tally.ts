import { addEventToUsage, type LedgerEvent, type UsageRecord } from '@agent-runtime/ledger';

/**
 * A job's usage as its run knows it without reading the ledger: what the ledger held for the job when the run's
 * last model step was reserved (the reservation reads it in its own statement: usage of earlier runs included),
 * plus every usage the run recorded since. Unknown until a step's reservation carried the job's usage.
 */
export class UsageTally {
  private usage: UsageRecord | undefined;

  /** A model step was reserved; `jobUsage` is the job's usage then (undefined: the writer did not read it). */
  stepReserved(jobUsage: UsageRecord | undefined): void {
    this.usage = jobUsage;
  }

  /** The run recorded `event` in the ledger. */
  recorded(event: LedgerEvent): void {
    if (this.usage) this.usage = addEventToUsage(this.usage, event);
  }

  get total(): UsageRecord | undefined {
    return this.usage;
  }
}
