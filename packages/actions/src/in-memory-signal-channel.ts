import { CancelledError, type Clock, clockSchema, parseInput, systemClock } from '@agent-runtime/core';
import { z } from 'zod';
import type { SignalChannel, SignalMessage, SignalWaitOptions } from './signal-channel';
import { signalMessageSchema } from './signal-message-schema';

export interface InMemorySignalChannelOptions {
  clock?: Clock;
  /** How long a signal is kept for waiters that arrive after it (0: not at all). @default 60 000 ms */
  retainMs?: number;
}

interface Waiter {
  resolve(message: SignalMessage | null): void;
}

const optionsSchema = z.strictObject({
  clock: clockSchema.optional(),
  retainMs: z.number().finite().nonnegative().optional(),
});
const waitSchema = z.strictObject({
  timeoutMs: z.number().finite().nonnegative().optional(),
  signal: z.custom<AbortSignal>((v) => v instanceof AbortSignal).optional(),
});

/** A SignalChannel within one process: waiters are woken synchronously by `signal`. */
export class InMemorySignalChannel implements SignalChannel {
  private readonly clock: Clock;
  private readonly retainMs: number;
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly recent = new Map<string, { message: SignalMessage; at: number }>();

  constructor(options: InMemorySignalChannelOptions = {}) {
    const parsed = parseInput(optionsSchema, options, 'options');
    this.clock = parsed.clock ?? systemClock;
    this.retainMs = parsed.retainMs ?? 60_000;
  }

  wait(actionId: string, options: SignalWaitOptions = {}): Promise<SignalMessage | null> {
    const { timeoutMs, signal } = parseInput(waitSchema, options, 'options');
    if (signal?.aborted) return Promise.reject(new CancelledError({ reason: 'wait aborted' }));
    const retained = this.retained(actionId);
    if (retained) return Promise.resolve(retained);
    return new Promise((resolve, reject) => {
      const timer = new AbortController();
      const cleanUp = () => {
        this.waiters.get(actionId)?.delete(waiter);
        timer.abort();
        signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = {
        resolve: (message) => {
          cleanUp();
          resolve(message);
        },
      };
      const onAbort = () => {
        cleanUp();
        reject(new CancelledError({ reason: 'wait aborted' }));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waitersOf(actionId).add(waiter);
      if (timeoutMs !== undefined) {
        this.clock.sleep(timeoutMs, timer.signal).then(
          () => waiter.resolve(null),
          () => {},
        );
      }
    });
  }

  async signal(actionId: string, message: SignalMessage): Promise<void> {
    const parsed = parseInput(signalMessageSchema, message, 'message');
    this.prune();
    this.recent.set(actionId, { message: parsed, at: this.clock.now() });
    for (const waiter of [...(this.waiters.get(actionId) ?? [])]) waiter.resolve(parsed);
    this.waiters.delete(actionId);
  }

  private waitersOf(actionId: string): Set<Waiter> {
    const existing = this.waiters.get(actionId);
    if (existing) return existing;
    const created = new Set<Waiter>();
    this.waiters.set(actionId, created);
    return created;
  }

  private retained(actionId: string): SignalMessage | undefined {
    const entry = this.recent.get(actionId);
    return entry && this.clock.now() - entry.at < this.retainMs ? entry.message : undefined;
  }

  private prune(): void {
    const now = this.clock.now();
    for (const [id, entry] of this.recent) if (now - entry.at >= this.retainMs) this.recent.delete(id);
  }
}
