import {
  ActionCancelledError,
  ActionExpiredError,
  type Clock,
  type EventBus,
  InvalidTransitionError,
  idSchema,
  jobLifecycleEvent,
  NotFoundError,
  parseInput,
  type RuntimeEventContent,
  retryOnConflict,
  systemClock,
  withoutUndefined,
} from '@agent-runtime/core';
import { ActionJobLink } from './action-job-link';
import {
  type ActionCancelOptions,
  type ActionManagerOptions,
  type ActionScopeOptions,
  actionManagerOptionsSchema,
  actionStoreSchema,
  cancelSchema,
  listPendingSchema,
  type ResolveActionOptions,
  resolveByIdSchema,
  resolveSchema,
  type SweeperOptions,
  scopeSchema,
  sweeperSchema,
  type WaitForResolutionOptions,
} from './action-manager-options';
import { ActionRecord } from './action-record';
import { type ActionSpec, actionSpecSchema } from './action-spec';
import { ActionStatus } from './action-status';
import type { ActionStore } from './action-store';
import { InvalidResumeTokenError } from './invalid-resume-token-error';
import { hashResumeToken, resumeTokenHashesEqual } from './resume-token';
import { ResumeTokenUsedError } from './resume-token-used-error';
import type { SignalChannel, SignalMessage } from './signal-channel';
import { SignalDeliveryError } from './signal-delivery-error';
import { waitForResolution } from './wait-for-resolution';

/**
 * Human-in-the-loop actions: creates them with a one-time resume token, resolves them only by that token,
 * cancels and expires them, wakes waiters, and keeps the job's status in step (waiting_action while it
 * has a pending action, running again once it has none).
 */
export class ActionManager {
  private readonly store: ActionStore;
  private readonly eventBus?: EventBus;
  /** Set when the manager was given a jobManager. */
  private readonly jobLink?: ActionJobLink;
  private readonly signalChannel?: SignalChannel;
  private readonly clock: Clock;
  private readonly maxAttempts: number;
  private readonly recheckIntervalMs: number;
  private readonly onSignalError?: (error: SignalDeliveryError) => void;

  constructor(store: ActionStore, options: ActionManagerOptions = {}) {
    this.store = parseInput(actionStoreSchema, store, 'store');
    const parsed = parseInput(actionManagerOptionsSchema, options, 'options');
    this.eventBus = parsed.eventBus;
    this.signalChannel = parsed.signalChannel;
    this.clock = parsed.clock ?? systemClock;
    this.jobLink = parsed.jobManager && new ActionJobLink(parsed.jobManager, this.store, this.clock);
    this.maxAttempts = parsed.maxAttempts ?? 10;
    this.recheckIntervalMs = parsed.recheckIntervalMs;
    this.onSignalError = parsed.onSignalError;
  }

  /**
   * Creates a pending action and returns it with its plaintext `resumeToken` (shown only here and in the
   * in-process `action.required` event). With a jobManager, the job (running or already waiting) moves to
   * waiting_action; any other job status is refused before anything is written.
   */
  async requireAction(spec: ActionSpec): Promise<ActionRecord> {
    const parsed = parseInput(actionSpecSchema, spec, 'spec');
    const scopeId = parsed.scopeId ?? (await this.jobLink?.waitableJob(parsed.jobId))?.scopeId;
    const created = ActionRecord.create({ ...parsed, scopeId }, { clock: this.clock });
    const stored = await this.store.create(created);
    await this.jobLink?.moveToWaiting(stored);
    const { actionId, type: actionType, payload, expiresAt, metadata } = stored;
    const resumeToken = created.resumeToken!;
    await this.publish(stored, {
      type: 'action.required',
      data: {
        actionId,
        actionType,
        payload: { ...payload },
        resumeToken,
        ...(expiresAt === undefined ? {} : { expiresAt }),
        // An action a tool call asked for names it (metadata.toolCallId), so traces can nest it under that call.
        ...(typeof metadata.toolCallId === 'string' ? { toolCallId: metadata.toolCallId } : {}),
      },
    });
    return new ActionRecord({ ...stored.toJSON(), resumeToken });
  }

  /**
   * Resolves the action whose resume token this is. Wrong token → InvalidResumeTokenError, already used →
   * ResumeTokenUsedError, expired → ActionExpiredError, cancelled → ActionCancelledError; none changes anything.
   * Once the action is stored resolved the call succeeds even if the signal fails (see `onSignalError`).
   */
  async resolve(request: {
    resumeToken: string;
    resolution?: Record<string, unknown>;
  }): Promise<ActionRecord> {
    const { resumeToken, resolution } = parseInput(resolveSchema, request, 'request');
    const hash = hashResumeToken(resumeToken);
    const resolved = await this.updateWithRetry(async () => {
      const action = await this.store.getByResumeTokenHash(hash);
      if (!action || !resumeTokenHashesEqual(action.resumeTokenHash, hash))
        throw new InvalidResumeTokenError();
      this.assertResolvable(action);
      return action.resolve(resolution, { now: this.clock.now() });
    });
    await this.settled(resolved, {
      type: 'action.resolved',
      data: { actionId: resolved.actionId, actionType: resolved.type, resolution: { ...resolution } },
    });
    return resolved;
  }

  /**
   * Resolves the action by id, without its resume token: the trusted path for a caller that authenticated
   * the approver itself (`principalId`). With `scopeId`, an action of another scope is a NotFoundError.
   * Otherwise as `resolve` (already resolved → ResumeTokenUsedError, and so on); nothing changes on error.
   */
  async resolveAction(actionId: string, options: ResolveActionOptions = {}): Promise<ActionRecord> {
    const { scopeId, resolution, principalId } = parseInput(resolveByIdSchema, options, 'options');
    const resolved = await this.updateWithRetry(async () => {
      const action = await this.getOrThrow(actionId, scopeId);
      this.assertResolvable(action);
      return action.resolve(resolution, { now: this.clock.now() });
    });
    await this.settled(resolved, {
      type: 'action.resolved',
      data: {
        actionId: resolved.actionId,
        actionType: resolved.type,
        resolution: { ...resolution },
        ...(principalId === undefined ? {} : { resolvedBy: principalId }),
      },
    });
    return resolved;
  }

  /**
   * Cancels a pending action (InvalidTransitionError otherwise); waiters get ActionCancelledError. With
   * `scopeId`, an action of another scope is a NotFoundError and is left unchanged.
   */
  async cancel(actionId: string, options: ActionCancelOptions = {}): Promise<ActionRecord> {
    const { scopeId, reason } = parseInput(cancelSchema, options, 'options');
    const cancelled = await this.updateWithRetry(async () =>
      (await this.getOrThrow(actionId, scopeId)).cancel(reason, { now: this.clock.now() }),
    );
    await this.settled(cancelled, {
      type: 'action.cancelled',
      data: { actionId, actionType: cancelled.type, ...(reason === undefined ? {} : { reason }) },
    });
    return cancelled;
  }

  /**
   * Waits until the action is resolved and returns it. Throws ActionExpiredError (expiring it if it is
   * overdue), ActionCancelledError, RuntimeTimeoutError after `timeoutSeconds`, CancelledError on abort.
   * Subscribes to the signal channel before reading the store, so a resolution in between is not missed,
   * and re-reads the store every `recheckIntervalMs` even without a signal (one lost on the way).
   */
  async waitForResolution(actionId: string, options: WaitForResolutionOptions = {}): Promise<ActionRecord> {
    return waitForResolution(
      {
        clock: this.clock,
        signalChannel: this.signalChannel,
        recheckIntervalMs: this.recheckIntervalMs,
        read: (id) => this.getOrThrow(id),
        carriedBy: (message) => (message.action ? ActionRecord.fromJSON(message.action) : undefined),
        outcomeOf: (action) => this.outcomeOf(action),
      },
      actionId,
      options,
    );
  }

  /** The action, or undefined when there is none (or, with `scopeId`, when it belongs to another scope). */
  async get(actionId: string, options: ActionScopeOptions = {}): Promise<ActionRecord | undefined> {
    const { scopeId } = parseInput(scopeSchema, options, 'options');
    const action = await this.store.get(actionId);
    return action && isInScope(action, scopeId) ? action : undefined;
  }

  /** Pending actions, of one job or of all (with `scopeId`, of that scope only), oldest first. */
  async listPending(options: { jobId?: string } & ActionScopeOptions = {}): Promise<ActionRecord[]> {
    const { jobId, scopeId } = parseInput(listPendingSchema, options, 'options');
    return this.store.list(withoutUndefined({ status: ActionStatus.PENDING, jobId, scopeId }));
  }

  /**
   * Expires every pending action past its `expiresAt`: publishes `action.expired`, wakes its waiters (who get
   * ActionExpiredError) and, with a jobManager, moves a job left without pending actions back to running so
   * its agent decides what to do. Returns the expired actions.
   */
  async expireOverdue(): Promise<ActionRecord[]> {
    const expired: ActionRecord[] = [];
    for (const action of await this.store.listExpired(this.clock.now())) {
      const done = await this.expire(action.actionId);
      if (done) expired.push(done);
    }
    return expired;
  }

  /** Runs `expireOverdue` every `intervalMs` until the returned function is called (it resolves when stopped). */
  startSweeper(options: SweeperOptions): () => Promise<void> {
    const { intervalMs, onError } = parseInput(sweeperSchema, options, 'options');
    const stop = new AbortController();
    const loop = (async () => {
      for (;;) {
        try {
          await this.clock.sleep(intervalMs, stop.signal);
        } catch {
          return;
        }
        await this.expireOverdue().catch((error: unknown) => onError?.(error));
      }
    })();
    return () => {
      stop.abort();
      return loop;
    };
  }

  /** Expires the action if it is still pending; undefined when something else settled it first. */
  private async expire(actionId: string): Promise<ActionRecord | undefined> {
    let expired: ActionRecord;
    try {
      expired = await this.updateWithRetry(async () =>
        (await this.getOrThrow(actionId)).expire({ now: this.clock.now() }),
      );
    } catch (error) {
      if (InvalidTransitionError.isInstance(error)) return undefined;
      throw error;
    }
    await this.settled(expired, { type: 'action.expired', data: { actionId, actionType: expired.type } });
    return expired;
  }

  /**
   * The resolved record, or throws for an expired/cancelled one; undefined while still pending. A settled
   * action's job is back to running first (the settling call may not have got there yet), so the waiter can
   * go on with its job at once.
   */
  private async outcomeOf(action: ActionRecord): Promise<ActionRecord | undefined> {
    if (action.isPending && action.isExpired(this.clock.now())) {
      await this.expire(action.actionId);
      return this.outcomeOf(await this.getOrThrow(action.actionId));
    }
    if (action.isPending) return undefined;
    await this.jobLink?.resumeIfIdle(action.jobId);
    if (action.status === ActionStatus.CANCELLED) {
      throw new ActionCancelledError({ actionId: action.actionId, reason: action.cancelReason });
    }
    if (action.status === ActionStatus.EXPIRED) throw new ActionExpiredError({ actionId: action.actionId });
    return action;
  }

  private assertResolvable(action: ActionRecord): void {
    if (action.status === ActionStatus.RESOLVED)
      throw new ResumeTokenUsedError({ actionId: action.actionId });
    if (action.status === ActionStatus.CANCELLED) {
      throw new ActionCancelledError({ actionId: action.actionId, reason: action.cancelReason });
    }
    if (action.isExpired(this.clock.now())) throw new ActionExpiredError({ actionId: action.actionId });
  }

  /**
   * After an action left pending: its event, the job back to running if nothing else is pending, then the
   * signal, so a woken waiter always finds its job running again. The signal goes out even when the event or
   * the job update fails (the woken waiter resumes the job itself).
   */
  private async settled(action: ActionRecord, event: RuntimeEventContent): Promise<void> {
    try {
      await this.publish(action, event);
      await this.jobLink?.resumeIfIdle(action.jobId);
    } finally {
      await this.signal(action);
    }
  }

  /** Wakes the action's waiters; a failing channel goes to `onSignalError` (waiters recheck the store). */
  private async signal(action: ActionRecord): Promise<void> {
    const message: SignalMessage = {
      actionId: action.actionId,
      status: action.status as SignalMessage['status'],
      action: action.toJSON(),
    };
    if (action.resolution) message.resolution = { ...action.resolution };
    await this.signalChannel?.signal(action.actionId, message).catch((cause: unknown) => {
      this.onSignalError?.(new SignalDeliveryError({ actionId: action.actionId, cause }));
    });
  }

  private updateWithRetry(next: () => Promise<ActionRecord>): Promise<ActionRecord> {
    return retryOnConflict(async () => this.store.update(await next()), this.maxAttempts);
  }

  /** The action; NotFoundError when absent or (with `scopeId`) of another scope. */
  private async getOrThrow(actionId: string, scopeId?: string): Promise<ActionRecord> {
    const action = await this.store.get(parseInput(idSchema, actionId, 'actionId'));
    if (!action || !isInScope(action, scopeId)) throw new NotFoundError({ resource: 'action', id: actionId });
    return action;
  }

  private async publish(action: ActionRecord, event: RuntimeEventContent): Promise<void> {
    if (!this.eventBus) return;
    const job = await this.jobLink?.job(action.jobId);
    const identity = { ...job, jobId: action.jobId, scopeId: action.scopeId ?? job?.scopeId };
    await this.eventBus.publish(jobLifecycleEvent(event, identity, this.clock.now()));
  }
}

function isInScope(action: ActionRecord, scopeId: string | undefined): boolean {
  return scopeId === undefined || action.scopeId === scopeId;
}
