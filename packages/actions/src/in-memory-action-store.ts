import { type Clock, ConcurrentModificationError, NotFoundError, parseInput } from '@agent-runtime/core';
import { FinishedRecords } from '@agent-runtime/jobs';
import { type ActionFilter, compareActions, matchesActionFilter, parseActionFilter } from './action-filter';
import { ActionRecord } from './action-record';
import { type ActionRetention, actionRetentionSchema } from './action-retention';
import { ActionStatus } from './action-status';
import type { ActionStore } from './action-store';
import { DuplicateActionError } from './duplicate-action-error';

export interface InMemoryActionStoreOptions {
  /** When actions settled, for `retention.maxAgeSeconds`. @default systemClock */
  clock?: Clock;
  /** How many settled actions stay, and for how long (a long-lived process must not keep every action). */
  retention?: ActionRetention;
}

/**
 * An ActionStore in a Map, for tests and single-process use. Each method checks and writes in one synchronous
 * step (database semantics under concurrent calls); stored records are private frozen copies without tokens.
 * Settled actions beyond `retention` are dropped; pending ones never are.
 */
export class InMemoryActionStore implements ActionStore {
  private readonly actions = new Map<string, ActionRecord>();
  private readonly byTokenHash = new Map<string, string>();
  private readonly settled: FinishedRecords;

  constructor(options: InMemoryActionStoreOptions = {}) {
    const retention = parseInput(actionRetentionSchema, options.retention, 'options.retention');
    this.settled = new FinishedRecords({
      limit: retention.settledActions,
      maxAgeSeconds: retention.maxAgeSeconds,
      clock: options.clock,
    });
  }

  async create(action: ActionRecord): Promise<ActionRecord> {
    const stored = ActionRecord.fromJSON(action.toJSON());
    if (this.actions.has(stored.actionId) || this.byTokenHash.has(stored.resumeTokenHash)) {
      throw new DuplicateActionError({ actionId: stored.actionId });
    }
    this.write(stored);
    return stored;
  }

  async get(actionId: string): Promise<ActionRecord | undefined> {
    this.dropSettled();
    return this.actions.get(actionId);
  }

  async getByResumeTokenHash(hash: string): Promise<ActionRecord | undefined> {
    this.dropSettled();
    const actionId = this.byTokenHash.get(hash);
    return actionId === undefined ? undefined : this.actions.get(actionId);
  }

  async update(action: ActionRecord): Promise<ActionRecord> {
    const current = this.actions.get(action.actionId);
    if (!current) throw new NotFoundError({ resource: 'action', id: action.actionId });
    if (current.version !== action.version) {
      throw new ConcurrentModificationError({
        resource: 'action',
        id: action.actionId,
        expectedVersion: action.version,
        actualVersion: current.version,
      });
    }
    const stored = ActionRecord.fromJSON({ ...action.toJSON(), version: current.version + 1 });
    const owner = this.byTokenHash.get(stored.resumeTokenHash);
    if (owner !== undefined && owner !== stored.actionId) throw new DuplicateActionError({ actionId: owner });
    this.byTokenHash.delete(current.resumeTokenHash);
    this.write(stored);
    return stored;
  }

  async delete(actionId: string): Promise<boolean> {
    this.settled.forget(actionId);
    return this.remove(actionId);
  }

  async list(filter?: ActionFilter): Promise<ActionRecord[]> {
    const parsed = parseActionFilter(filter);
    this.dropSettled();
    const matching = [...this.actions.values()]
      .filter((a) => matchesActionFilter(a, parsed))
      .sort(compareActions);
    const start = parsed.offset ?? 0;
    return matching.slice(start, parsed.limit === undefined ? undefined : start + parsed.limit);
  }

  async listPendingForJob(jobId: string): Promise<ActionRecord[]> {
    return this.list({ jobId, status: ActionStatus.PENDING });
  }

  async listExpired(now: number): Promise<ActionRecord[]> {
    return [...this.actions.values()]
      .filter((a) => a.isPending && a.expiresAt !== undefined && a.expiresAt <= now)
      .sort(compareActions);
  }

  private write(stored: ActionRecord): void {
    this.actions.set(stored.actionId, stored);
    this.byTokenHash.set(stored.resumeTokenHash, stored.actionId);
    this.settled.noteWrite(stored.actionId, !stored.isPending);
    this.dropSettled();
  }

  /** Drops the settled actions beyond the retention policy. */
  private dropSettled(): void {
    for (const actionId of this.settled.dropped()) this.remove(actionId);
  }

  private remove(actionId: string): boolean {
    const current = this.actions.get(actionId);
    if (!current) return false;
    this.byTokenHash.delete(current.resumeTokenHash);
    return this.actions.delete(actionId);
  }
}
