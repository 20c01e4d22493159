import {
  ActionRecord,
  ActionStatus,
  DuplicateActionError,
  generateResumeToken,
  hashResumeToken,
} from '@agent-runtime/actions';
import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../database/sql-database';
import { uniqueName, useBackends } from '../test-support/test-databases';
import { PostgresActionStore } from './postgres-action-store';

const backends = useBackends();

const T0 = Date.UTC(2026, 0, 1);

describe.each(backends)('PostgresActionStore on $name', (backend) => {
  const makeStore = async (db?: SqlDatabase) =>
    new PostgresActionStore(db ?? (await backend.handle()), {
      schema: backend.schema,
      tableName: uniqueName('actions'),
    });
  let seq = 0;
  const action = (init: Partial<ConstructorParameters<typeof ActionRecord>[0]> = {}) =>
    new ActionRecord({
      actionId: `act-${++seq}`,
      jobId: 'job-1',
      type: 'confirm',
      createdAt: T0 + seq,
      resumeTokenHash: hashResumeToken(generateResumeToken()),
      ...init,
    });

  it('refuses an update that takes another action’s token hash, changing nothing', async () => {
    const store = await makeStore();
    const owner = await store.create(action());
    const other = await store.create(action());
    const moved = new ActionRecord({ ...other.toJSON(), resumeTokenHash: owner.resumeTokenHash });
    const error = await store.update(moved).catch((e: unknown) => e);
    expect(DuplicateActionError.isInstance(error)).toBe(true);
    expect((error as DuplicateActionError).actionId).toBe(owner.actionId);
    expect((await store.get(other.actionId))?.toJSON()).toEqual(other.toJSON());
  });

  it('never stores a plaintext resume token', async () => {
    const store = await makeStore();
    const token = generateResumeToken();
    const created = await store.create(
      action({ resumeToken: token, resumeTokenHash: hashResumeToken(token) }),
    );
    const db = await backend.db();
    const { rows } = await db.query(`SELECT row_to_json(t)::text AS row FROM ${store.table.qualified} t`);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).toContain(created.resumeTokenHash);
  });

  it('filters, orders and pages in SQL, reading only the page', async () => {
    const db = await backend.db();
    let rowsRead = 0;
    const store = await makeStore({
      kind: db.kind,
      transaction: (work) => db.transaction(work),
      query: async (text, params) => {
        const result = await db.query(text, params);
        rowsRead += result.rows.length;
        return result as never;
      },
    });
    const created: ActionRecord[] = [];
    for (let i = 0; i < 8; i++) {
      const base = action({
        jobId: i < 4 ? 'job-a' : 'job-b',
        scopeId: 'tenant',
        type: i % 2 ? 'input' : 'confirm',
      });
      created.push(await store.create(i === 5 ? base.cancel('no longer needed') : base));
    }
    rowsRead = 0;
    const page = await store.list({ jobId: 'job-b', status: [ActionStatus.PENDING], limit: 2, offset: 1 });
    expect(page.map((a) => a.actionId)).toEqual([created[6]!.actionId, created[7]!.actionId]);
    expect(rowsRead).toBe(2);
    expect((await store.list({ type: 'input', scopeId: 'tenant' })).map((a) => a.actionId)).toEqual(
      [1, 3, 5, 7].map((i) => created[i]!.actionId),
    );
  });

  it('lists expired pending actions oldest first, at the boundary too', async () => {
    const store = await makeStore();
    const late = await store.create(action({ expiresAt: T0 + 1000, createdAt: T0 + 2 }));
    const early = await store.create(action({ expiresAt: T0 + 1000, createdAt: T0 + 1 }));
    await store.create(action({ expiresAt: T0 + 1001 }));
    await store.create(action());
    const resolved = await store.create(action({ expiresAt: T0 + 10 }));
    await store.update(resolved.resolve({ ok: true }));
    expect((await store.listExpired(T0 + 1000)).map((a) => a.actionId)).toEqual([
      early.actionId,
      late.actionId,
    ]);
    expect(await store.listExpired(T0 + 999)).toEqual([]);
  });
});
