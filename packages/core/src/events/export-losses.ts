import type { EventSubscription } from './event-bus';

const BUS_FULL = 'the bus queue of this exporter was full';

/**
 * The events an exporter lost (its bus queue overflowed, its buffer overflowed, it gave up sending): a count
 * for its `stats.dropped`, and one report per outage: a reason is reported when it first loses events and
 * not again until `end(reason)` says that outage is over, so a long outage is one log line, not one per event.
 */
export class ExportLosses {
  private total = 0;
  private seenOnBus = 0;
  private readonly ongoing = new Set<string>();

  constructor(private readonly report: (message: string) => void) {}

  get count(): number {
    return this.total;
  }

  /** `count` more events lost, for `reason` (none: the caller reported them itself). */
  add(count: number, reason?: string): void {
    if (count <= 0) return;
    this.total += count;
    if (reason === undefined || this.ongoing.has(reason)) return;
    this.ongoing.add(reason);
    this.report(`${count} events dropped: ${reason} (counted in stats.dropped; reported once per outage)`);
  }

  /** The outage of `reason` is over: its next loss is reported again. */
  end(reason: string): void {
    this.ongoing.delete(reason);
  }

  /** Adds what the bus discarded for `subscription` since the last look; no new drop ends that outage. */
  checkBus(subscription: EventSubscription | undefined): void {
    const dropped = subscription?.dropped ?? this.seenOnBus;
    if (dropped > this.seenOnBus) this.add(dropped - this.seenOnBus, BUS_FULL);
    else this.end(BUS_FULL);
    this.seenOnBus = dropped;
  }
}
