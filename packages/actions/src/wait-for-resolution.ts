import { CancelledError, type Clock, parseInput, RuntimeTimeoutError } from '@agent-runtime/core';
import { type WaitForResolutionOptions, waitSchema } from './action-manager-options';
import type { ActionRecord } from './action-record';
import type { SignalChannel, SignalMessage } from './signal-channel';

/** What the wait loop reads and waits on. */
export interface ResolutionSource {
  clock: Clock;
  signalChannel?: SignalChannel;
  /** The longest a waiter trusts the signal channel before re-reading the store. */
  recheckIntervalMs: number;
  /** The action; NotFoundError when absent. */
  read(actionId: string): Promise<ActionRecord>;
  /** The settled record a signal carries (stored before it was sent), if it carries one. */
  carriedBy(message: SignalMessage): ActionRecord | undefined;
  /** The settled action (throwing for an expired or cancelled one), or undefined while it is pending. */
  outcomeOf(action: ActionRecord): Promise<ActionRecord | undefined>;
}

/**
 * Waits until the action is settled: subscribes to the signal channel before reading the store, so a
 * resolution in between is not missed, and re-reads the store every `recheckIntervalMs` even without a signal
 * (one lost on the way). A signal carrying the settled record ends the wait without another read: the record
 * was stored before the signal was sent. RuntimeTimeoutError after `timeoutSeconds`, CancelledError on abort.
 */
export async function waitForResolution(
  source: ResolutionSource,
  actionId: string,
  options: WaitForResolutionOptions,
): Promise<ActionRecord> {
  const { timeoutSeconds, pollIntervalMs, signal } = parseInput(waitSchema, options, 'options');
  const { clock, signalChannel, recheckIntervalMs } = source;
  const first = await source.read(actionId);
  const deadline = timeoutSeconds === undefined ? undefined : clock.now() + timeoutSeconds * 1000;
  const wakeAt = earliest(deadline, first.expiresAt);
  for (;;) {
    const remaining = wakeAt === undefined ? undefined : Math.max(0, wakeAt - clock.now());
    const stopWaiting = linkedController(signal);
    const timeoutMs = Math.min(remaining ?? recheckIntervalMs, recheckIntervalMs);
    const woken = signalChannel?.wait(actionId, { timeoutMs, signal: stopWaiting.signal });
    woken?.catch(() => {});
    try {
      const resolved = await source.outcomeOf(await source.read(actionId));
      if (resolved) return resolved;
      if (signal?.aborted) throw new CancelledError({ reason: 'wait aborted' });
      if (deadline !== undefined && clock.now() >= deadline) {
        throw new RuntimeTimeoutError({
          message: `action ${actionId} was not resolved within ${timeoutSeconds} s`,
          timeoutMs: (timeoutSeconds ?? 0) * 1000,
        });
      }
      if (!woken) {
        await sleep(clock, Math.min(pollIntervalMs, remaining ?? pollIntervalMs), signal);
        continue;
      }
      const message = await wokenOrFailed(clock, woken, timeoutMs, signal);
      const carried = message ? source.carriedBy(message) : undefined;
      if (carried?.actionId === actionId && !carried.isPending) {
        const outcome = await source.outcomeOf(carried);
        if (outcome) return outcome;
      }
    } finally {
      stopWaiting.abort();
    }
  }
}

/**
 * The channel's message (null on its timeout); if the channel itself fails (its connection is down), sleeps
 * `ms` instead and gives null.
 */
async function wokenOrFailed(
  clock: Clock,
  woken: Promise<SignalMessage | null>,
  ms: number,
  signal: AbortSignal | undefined,
): Promise<SignalMessage | null> {
  try {
    return await woken;
  } catch (error) {
    if (signal?.aborted || CancelledError.isInstance(error)) throw error;
    await sleep(clock, ms, signal);
    return null;
  }
}

async function sleep(clock: Clock, ms: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await clock.sleep(ms, signal);
  } catch (error) {
    if (signal?.aborted) throw new CancelledError({ reason: 'wait aborted', cause: error });
    throw error;
  }
}

function earliest(...times: (number | undefined)[]): number | undefined {
  const defined = times.filter((t): t is number => t !== undefined);
  return defined.length > 0 ? Math.min(...defined) : undefined;
}

function linkedController(signal: AbortSignal | undefined): AbortController {
  const controller = new AbortController();
  signal?.addEventListener('abort', () => controller.abort(), { once: true, signal: controller.signal });
  return controller;
}
