import { type Clock, ExportLosses, type RuntimeEvent } from '@agent-runtime/core';

const MAX_RETRY_BACKOFF_MS = 5_000;
const REFUSED = 'Redis refused the append';
const BUFFER_FULL = 'more events waited for Redis than maxBufferedEvents';

export interface StreamWriterOptions {
  maxBufferedEvents: number;
  maxBatchSize: number;
  retryBackoffMs: number;
  clock: Clock;
  logger: Pick<Console, 'warn'>;
  /** Appends a batch in one round trip; resolves with the events Redis refused (they are not retried). */
  append(batch: readonly RuntimeEvent[]): Promise<RuntimeEvent[]>;
}

/**
 * The adapter's send queue: events wait here (bounded, oldest dropped), and one writer appends whatever is
 * queued in one round trip per batch, so the queue never lags one round trip per event. A failed round trip
 * is retried with backoff (the batch keeps its place at the front); the log gets one line per outage.
 */
export class StreamWriter {
  private queue: RuntimeEvent[] = [];
  private writer: Promise<void> | undefined;
  private deadline: number | undefined;
  private failing = false;
  private appended = 0;
  readonly losses: ExportLosses;

  constructor(private readonly options: StreamWriterOptions) {
    this.losses = new ExportLosses((message) => options.logger.warn(`redis streams export: ${message}`));
  }

  get buffered(): number {
    return this.queue.length;
  }

  get delivered(): number {
    return this.appended;
  }

  push(event: RuntimeEvent): void {
    this.queue.push(event);
    this.bound();
    this.writer ??= this.write();
  }

  /** Resolves once every event pushed so far is appended, refused or (past `deadline`) given up. */
  async flush(deadline?: number): Promise<void> {
    this.deadline = deadline;
    while (this.writer) await this.writer;
    if (deadline !== undefined && this.queue.length) {
      const left = this.queue.length;
      this.queue = [];
      this.losses.add(left, 'the adapter stopped before Redis took them');
    }
  }

  private async write(): Promise<void> {
    let backoff = this.options.retryBackoffMs;
    while (this.queue.length && !this.pastDeadline()) {
      const batch = this.queue.splice(0, this.options.maxBatchSize);
      try {
        const refused = await this.options.append(batch);
        this.appended += batch.length - refused.length;
        this.losses.add(refused.length, REFUSED);
        if (refused.length < batch.length) this.recovered();
        backoff = this.options.retryBackoffMs;
      } catch (error) {
        this.queue.unshift(...batch);
        this.bound();
        this.failed(error);
        await this.options.clock.sleep(backoff);
        backoff = Math.min(backoff * 2, MAX_RETRY_BACKOFF_MS);
      }
    }
    this.writer = undefined;
  }

  private bound(): void {
    const excess = this.queue.length - this.options.maxBufferedEvents;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.losses.add(excess, BUFFER_FULL);
  }

  private failed(error: unknown): void {
    if (this.failing) return;
    this.failing = true;
    const reason = error instanceof Error ? error.message : String(error);
    this.options.logger.warn(`redis streams export failing, buffering events until Redis answers: ${reason}`);
  }

  private recovered(): void {
    this.losses.end(REFUSED);
    this.losses.end(BUFFER_FULL);
    if (!this.failing) return;
    this.failing = false;
    this.options.logger.warn('redis streams export recovered');
  }

  private pastDeadline(): boolean {
    return this.deadline !== undefined && this.options.clock.now() >= this.deadline;
  }
}
