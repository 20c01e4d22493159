import {
  type ActionFilter,
  ActionRecord,
  ActionStatus,
  type ActionStore,
  compareActions,
  DuplicateActionError,
  matchesActionFilter,
  parseActionFilter,
} from '@agent-runtime/actions';
import { ConcurrentModificationError, NotFoundError, parseInput } from '@agent-runtime/core';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { CREATE_ACTION, DELETE_ACTION, GET_ACTION_BY_TOKEN, UPDATE_ACTION } from './action-store-scripts';
import { typedRedisErrors } from './redis-connection-failures';

const optionsSchema = z.strictObject({
  /** Every key starts with `<keyPrefix>:`; use a hash tag (`{agent-runtime}`) on Redis Cluster. */
  keyPrefix: z.string().min(1).default('agent-runtime'),
});

export type RedisActionStoreOptions = z.input<typeof optionsSchema>;

const actionId = z.string().min(1);

/**
 * An ActionStore in Redis: one hash per action, an index from resume token hash to action, a sorted set of
 * the pending actions of each job and one of pending actions by expiry. Every write is one Lua script, so
 * uniqueness (actionId, token hash) and compare-and-set on `version` hold across processes. Stores only the
 * token's hash, never the token. A Redis connection failure is a RedisConnectionError.
 */
export class RedisActionStore implements ActionStore {
  private readonly keyPrefix: string;

  constructor(
    private readonly client: Redis,
    options: RedisActionStoreOptions = {},
  ) {
    this.keyPrefix = parseInput(optionsSchema, options, 'options').keyPrefix;
  }

  async create(action: ActionRecord): Promise<ActionRecord> {
    const stored = ActionRecord.fromJSON(action.toJSON());
    const created = await typedRedisErrors(() =>
      this.client.eval(CREATE_ACTION, 0, ...this.writeArgs(stored)),
    );
    if (created !== 1) throw new DuplicateActionError({ actionId: stored.actionId });
    return stored;
  }

  async get(id: string): Promise<ActionRecord | undefined> {
    const key = this.recordKey(parseInput(actionId, id, 'actionId'));
    const json = await typedRedisErrors(() => this.client.hget(key, 'json'));
    return json === null ? undefined : ActionRecord.fromJSON(JSON.parse(json));
  }

  async getByResumeTokenHash(hash: string): Promise<ActionRecord | undefined> {
    const tokenHash = parseInput(z.string(), hash, 'hash');
    const json = (await typedRedisErrors(() =>
      this.client.eval(GET_ACTION_BY_TOKEN, 0, this.keyPrefix, tokenHash),
    )) as string | null;
    return json === null ? undefined : ActionRecord.fromJSON(JSON.parse(json));
  }

  async update(action: ActionRecord): Promise<ActionRecord> {
    const stored = action.withVersion(action.version + 1);
    const args = [...this.writeArgs(stored), action.version];
    const [outcome, detail] = (await typedRedisErrors(() => this.client.eval(UPDATE_ACTION, 0, ...args))) as [
      number,
      string?,
    ];
    if (outcome === -1) throw new NotFoundError({ resource: 'action', id: action.actionId });
    if (outcome === -2) {
      throw new ConcurrentModificationError({
        resource: 'action',
        id: action.actionId,
        expectedVersion: action.version,
        actualVersion: Number(detail),
      });
    }
    if (outcome === -3) throw new DuplicateActionError({ actionId: detail! });
    return stored;
  }

  async delete(id: string): Promise<boolean> {
    const valid = parseInput(actionId, id, 'actionId');
    return (await typedRedisErrors(() => this.client.eval(DELETE_ACTION, 0, this.keyPrefix, valid))) === 1;
  }

  /** Reads the narrowest index the filter allows (a job's pending set, a job's actions, or all), in order. */
  async list(filter?: ActionFilter): Promise<ActionRecord[]> {
    const parsed = parseActionFilter(filter);
    const ids = await typedRedisErrors(() => this.client.zrange(this.candidateIndex(parsed), 0, '-1'));
    const matching = (await this.load(ids))
      .filter((a) => matchesActionFilter(a, parsed))
      .sort(compareActions);
    const start = parsed.offset ?? 0;
    return matching.slice(start, parsed.limit === undefined ? undefined : start + parsed.limit);
  }

  async listPendingForJob(jobId: string): Promise<ActionRecord[]> {
    return this.list({ jobId: parseInput(actionId, jobId, 'jobId'), status: ActionStatus.PENDING });
  }

  async listExpired(now: number): Promise<ActionRecord[]> {
    const at = parseInput(z.number().finite(), now, 'now');
    const ids = await typedRedisErrors(() =>
      this.client.zrangebyscore(`${this.keyPrefix}:action-expiry`, '-inf', at),
    );
    return (await this.load(ids))
      .filter((a) => a.isPending && a.expiresAt !== undefined && a.expiresAt <= at)
      .sort(compareActions);
  }

  private candidateIndex(filter: ActionFilter): string {
    if (filter.jobId === undefined) return `${this.keyPrefix}:actions`;
    const onlyPending = filter.status === ActionStatus.PENDING;
    return `${this.keyPrefix}:${onlyPending ? 'job-pending' : 'job-actions'}:${filter.jobId}`;
  }

  /** The records of `ids` that still exist (one round trip). */
  private async load(ids: string[]): Promise<ActionRecord[]> {
    if (ids.length === 0) return [];
    const pipeline = this.client.pipeline();
    for (const id of ids) pipeline.hget(this.recordKey(id), 'json');
    const replies = await typedRedisErrors(async () =>
      ((await pipeline.exec()) ?? []).map(([error, json]) => {
        if (error) throw error;
        return json;
      }),
    );
    return replies.flatMap((json) =>
      typeof json === 'string' ? [ActionRecord.fromJSON(JSON.parse(json))] : [],
    );
  }

  private writeArgs(action: ActionRecord): (string | number)[] {
    return [
      this.keyPrefix,
      action.actionId,
      JSON.stringify(action.toJSON()),
      action.version,
      action.jobId,
      action.status,
      action.resumeTokenHash,
      action.createdAt,
      action.expiresAt ?? '',
    ];
  }

  private recordKey(id: string): string {
    return `${this.keyPrefix}:action:${id}`;
  }
}
