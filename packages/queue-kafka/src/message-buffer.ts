import type { OutgoingMessage } from './to-kafka-message';

/**
 * A bounded FIFO of messages waiting to be sent. When full, the oldest message is dropped to make room
 * (fresh events matter more to a live consumer than old ones) and counted in `dropped`.
 */
export class MessageBuffer {
  private items: OutgoingMessage[] = [];
  private bytes = 0;
  dropped = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.items.length;
  }

  get byteSize(): number {
    return this.bytes;
  }

  push(message: OutgoingMessage): void {
    if (this.items.length >= this.capacity) {
      const oldest = this.items.shift()!;
      this.bytes -= sizeOf(oldest);
      this.dropped++;
    }
    this.items.push(message);
    this.bytes += sizeOf(message);
  }

  /** Empties the buffer; returns how many messages it held. */
  clear(): number {
    const count = this.items.length;
    this.items = [];
    this.bytes = 0;
    return count;
  }

  /** The oldest messages, up to `maxBytes` (at least one), left in the buffer until `remove`. */
  peek(maxBytes: number): OutgoingMessage[] {
    const batch: OutgoingMessage[] = [];
    let bytes = 0;
    for (const message of this.items) {
      if (batch.length && bytes + sizeOf(message) > maxBytes) break;
      batch.push(message);
      bytes += sizeOf(message);
    }
    return batch;
  }

  /** Removes the given messages (those a successful send delivered) if they are still buffered. */
  remove(sent: readonly OutgoingMessage[]): void {
    const delivered = new Set(sent);
    this.items = this.items.filter((message) => {
      if (!delivered.has(message)) return true;
      this.bytes -= sizeOf(message);
      return false;
    });
  }
}

function sizeOf(message: OutgoingMessage): number {
  return message.value.length + (message.key?.length ?? 0);
}
