/** What a full per-subscriber queue does with one more event. */
export const OverflowPolicy = {
  /** Discard the oldest queued event to make room: a slow subscriber sees the most recent events. */
  DROP_OLDEST: 'drop_oldest',
  /** Discard the incoming event: a slow subscriber sees the earliest events without gaps in between. */
  DROP_NEWEST: 'drop_newest',
} as const;

export type OverflowPolicy = (typeof OverflowPolicy)[keyof typeof OverflowPolicy];

const COMPACT_AFTER = 1024;

/**
 * A FIFO of at most `capacity` items with one consumer pulling through `next()`. Producers never wait:
 * when full, the overflow policy discards one item and `onDrop` is told which.
 */
export class BoundedQueue<T> {
  private items: T[] = [];
  private head = 0;
  private waiter: ((result: IteratorResult<T, undefined>) => void) | undefined;
  private ended = false;
  private droppedCount = 0;

  constructor(
    private readonly capacity: number,
    private readonly policy: OverflowPolicy,
    private readonly onDrop: (item: T) => void,
  ) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  push(item: T): void {
    if (this.ended) return;
    const waiter = this.waiter;
    if (waiter) {
      this.waiter = undefined;
      waiter({ value: item, done: false });
      return;
    }
    if (this.size >= this.capacity) {
      this.droppedCount++;
      if (this.policy === OverflowPolicy.DROP_NEWEST) {
        this.onDrop(item);
        return;
      }
      this.onDrop(this.shift());
    }
    this.items.push(item);
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.size > 0) return Promise.resolve({ value: this.shift(), done: false });
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  /** The first queued item, taken without waiting: only while `size > 0`. */
  take(): T {
    return this.shift();
  }

  /** No more items are accepted; the consumer still gets the ones already queued, then `done`. */
  end(): void {
    this.ended = true;
    if (this.size === 0) this.releaseWaiter();
  }

  /** Ends the queue now, discarding what is queued. */
  clear(): void {
    this.items = [];
    this.head = 0;
    this.ended = true;
    this.releaseWaiter();
  }

  private shift(): T {
    const item = this.items[this.head++] as T;
    if (this.head >= COMPACT_AFTER && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  private releaseWaiter(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.({ value: undefined, done: true });
  }
}
