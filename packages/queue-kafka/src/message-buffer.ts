import type { OutgoingMessage } from './to-kafka-message';

interface Buffered {
  seq: number;
  message: OutgoingMessage;
  /** The batch it is counted in: its partition (`topic:partition`) when known, else `UNKNOWN_PARTITION`. */
  batch: string;
}

/** The one batch every message of an unknown partition shares, so a send then carries `maxBytes` in all. */
export const UNKNOWN_PARTITION = '';

/**
 * One lane's FIFO: an array read from `head`, compacted once the consumed front is at least half of it, so
 * taking a batch off a long backlog costs the batch, not the backlog (a `splice` per batch moved every
 * buffered message each time).
 */
class LaneQueue {
  private items: Buffered[] = [];
  private head = 0;
  bytes = 0;
  /** Bytes per batch (partition); a batch leaves the map when it empties, so it holds the lane's partitions. */
  readonly batchBytes = new Map<string, number>();

  get length(): number {
    return this.items.length - this.head;
  }

  front(): Buffered | undefined {
    return this.items[this.head];
  }

  at(index: number): Buffered | undefined {
    return this.items[this.head + index];
  }

  push(entry: Buffered): void {
    this.items.push(entry);
    this.addBytes(entry, sizeOf(entry.message));
  }

  shift(): Buffered {
    const entry = this.items[this.head]!;
    this.items[this.head++] = undefined as never;
    this.addBytes(entry, -sizeOf(entry.message));
    if (this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return entry;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
    this.bytes = 0;
    this.batchBytes.clear();
  }

  private addBytes(entry: Buffered, bytes: number): void {
    this.bytes += bytes;
    const batchBytes = (this.batchBytes.get(entry.batch) ?? 0) + bytes;
    if (batchBytes === 0) this.batchBytes.delete(entry.batch);
    else this.batchBytes.set(entry.batch, batchBytes);
  }
}

/**
 * A bounded FIFO of messages waiting to be sent, split into `lanes` by message key: a key always lands in the
 * same lane, so one batch in flight per lane keeps each key's messages in order while the lanes send side by
 * side. When full, the oldest message of all lanes is dropped to make room (fresh events matter more to a live
 * consumer than old ones) and counted in `dropped`.
 */
export class MessageBuffer {
  private readonly queues: LaneQueue[];
  private count = 0;
  private nextSeq = 0;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    lanes = 1,
  ) {
    this.queues = Array.from({ length: lanes }, () => new LaneQueue());
  }

  get lanes(): number {
    return this.queues.length;
  }

  get size(): number {
    return this.count;
  }

  get byteSize(): number {
    return this.queues.reduce((sum, queue) => sum + queue.bytes, 0);
  }

  /** Bytes buffered in the lane for one batch (partition). */
  batchBytes(lane: number, batch: string): number {
    return this.queues[lane]!.batchBytes.get(batch) ?? 0;
  }

  laneSize(lane: number): number {
    return this.queues[lane]!.length;
  }

  /** Buffers the message, counted in `batch` (its partition when known); returns its lane. */
  push(message: OutgoingMessage, batch = UNKNOWN_PARTITION): number {
    if (this.count >= this.capacity) this.dropOldest();
    const lane = laneOf(message.key, this.queues.length);
    this.queues[lane]!.push({ seq: this.nextSeq++, message, batch });
    this.count++;
    return lane;
  }

  /** Empties the buffer; returns how many messages it held. */
  clear(): number {
    const count = this.count;
    for (const queue of this.queues) queue.clear();
    this.count = 0;
    return count;
  }

  /**
   * The lane's oldest messages, up to `maxBytes` per batch (partition; at least one message), left in the
   * buffer until `remove`: it stops before the first message whose batch is full, so it is the lane's front.
   */
  peek(maxBytes: number, lane = 0): OutgoingMessage[] {
    const queue = this.queues[lane]!;
    const taken: OutgoingMessage[] = [];
    const bytesByBatch = new Map<string, number>();
    for (let entry = queue.front(); entry; entry = queue.at(taken.length)) {
      const bytes = (bytesByBatch.get(entry.batch) ?? 0) + sizeOf(entry.message);
      if (taken.length && bytes > maxBytes) break;
      bytesByBatch.set(entry.batch, bytes);
      taken.push(entry.message);
    }
    return taken;
  }

  /**
   * Removes the given messages (those a successful send delivered) if they are still buffered. A batch is the
   * front of its lane and messages leave a lane only from its front, so what is left of it (none of it, when
   * drops took it all) is a suffix of the batch at the lane's front.
   */
  remove(sent: readonly OutgoingMessage[], lane = 0): void {
    const queue = this.queues[lane]!;
    let next = 0;
    while (next < sent.length && queue.front()?.message !== sent[next]) next++;
    for (; next < sent.length && queue.front()?.message === sent[next]; next++) {
      queue.shift();
      this.count--;
    }
  }

  private dropOldest(): void {
    let oldest: LaneQueue | undefined;
    for (const queue of this.queues) {
      const head = queue.front();
      if (head && (!oldest || head.seq < oldest.front()!.seq)) oldest = queue;
    }
    oldest!.shift();
    this.count--;
    this.dropped++;
  }
}

/** FNV-1a of the key: stable, so a key keeps its lane (a keyless message goes to lane 0). */
function laneOf(key: string | null, lanes: number): number {
  if (key === null || lanes === 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % lanes;
}

function sizeOf(message: OutgoingMessage): number {
  return message.value.length + (message.key?.length ?? 0);
}
