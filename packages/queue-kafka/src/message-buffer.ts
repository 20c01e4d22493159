import type { OutgoingMessage } from './to-kafka-message';

interface Buffered {
  seq: number;
  message: OutgoingMessage;
}

/**
 * A bounded FIFO of messages waiting to be sent, split into `lanes` by message key: a key always lands in the
 * same lane, so one batch in flight per lane keeps each key's messages in order while the lanes send side by
 * side. When full, the oldest message of all lanes is dropped to make room (fresh events matter more to a live
 * consumer than old ones) and counted in `dropped`.
 */
export class MessageBuffer {
  private readonly queues: Buffered[][];
  private readonly bytes: number[];
  private count = 0;
  private nextSeq = 0;
  dropped = 0;

  constructor(
    private readonly capacity: number,
    lanes = 1,
  ) {
    this.queues = Array.from({ length: lanes }, () => []);
    this.bytes = this.queues.map(() => 0);
  }

  get lanes(): number {
    return this.queues.length;
  }

  get size(): number {
    return this.count;
  }

  get byteSize(): number {
    return this.bytes.reduce((a, b) => a + b, 0);
  }

  laneBytes(lane: number): number {
    return this.bytes[lane]!;
  }

  laneSize(lane: number): number {
    return this.queues[lane]!.length;
  }

  /** Buffers the message; returns its lane. */
  push(message: OutgoingMessage): number {
    if (this.count >= this.capacity) this.dropOldest();
    const lane = laneOf(message.key, this.queues.length);
    this.queues[lane]!.push({ seq: this.nextSeq++, message });
    this.bytes[lane]! += sizeOf(message);
    this.count++;
    return lane;
  }

  /** Empties the buffer; returns how many messages it held. */
  clear(): number {
    const count = this.count;
    for (const [lane, queue] of this.queues.entries()) {
      queue.length = 0;
      this.bytes[lane] = 0;
    }
    this.count = 0;
    return count;
  }

  /** The lane's oldest messages, up to `maxBytes` (at least one), left in the buffer until `remove`. */
  peek(maxBytes: number, lane = 0): OutgoingMessage[] {
    const batch: OutgoingMessage[] = [];
    let bytes = 0;
    for (const { message } of this.queues[lane]!) {
      if (batch.length && bytes + sizeOf(message) > maxBytes) break;
      batch.push(message);
      bytes += sizeOf(message);
    }
    return batch;
  }

  /**
   * Removes the given messages (those a successful send delivered) if they are still buffered. A batch is the
   * front of its lane and messages leave a lane only from its front, so what is left of it is still there.
   */
  remove(sent: readonly OutgoingMessage[], lane = 0): void {
    const delivered = new Set(sent);
    const queue = this.queues[lane]!;
    let removed = 0;
    while (removed < queue.length && delivered.has(queue[removed]!.message)) {
      this.bytes[lane]! -= sizeOf(queue[removed]!.message);
      removed++;
    }
    queue.splice(0, removed);
    this.count -= removed;
  }

  private dropOldest(): void {
    let oldest = -1;
    for (const [lane, queue] of this.queues.entries()) {
      const head = queue[0];
      if (head && (oldest < 0 || head.seq < this.queues[oldest]![0]!.seq)) oldest = lane;
    }
    const { message } = this.queues[oldest]!.shift()!;
    this.bytes[oldest]! -= sizeOf(message);
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
