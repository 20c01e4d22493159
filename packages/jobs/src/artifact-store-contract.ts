import { ConcurrentModificationError, NotFoundError, ValidationError } from '@agent-runtime/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { type ArtifactRecord, artifactRecord } from './artifact-record';
import type { ArtifactStore } from './artifact-store';

const T0 = Date.UTC(2026, 0, 1);

/**
 * The behaviour every ArtifactStore must have. Run it from a vitest file with one call:
 * `describeArtifactStoreContract('PostgresArtifactStore', async () => new PostgresArtifactStore(db))`.
 * `makeStore` must return a fresh, empty store each call.
 */
export function describeArtifactStoreContract(
  name: string,
  makeStore: () => Promise<ArtifactStore> | ArtifactStore,
): void {
  describe(`ArtifactStore contract: ${name}`, () => {
    let store: ArtifactStore;
    let seq = 0;
    const artifact = (init: Partial<ArtifactRecord> = {}): ArtifactRecord =>
      artifactRecord({
        artifactId: `artifact-${++seq}`,
        jobId: 'job-1',
        scopeId: 'tenant-a',
        name: 'report.md',
        version: 1,
        createdAt: T0 + seq,
        updatedAt: T0 + seq,
        ...init,
      });

    beforeEach(async () => {
      store = await makeStore();
    });

    it('stores every field and returns it unchanged', async () => {
      const full = artifact({
        mimeType: 'text/markdown',
        content: { title: 'Q3', rows: [1, 2.5, null, 'x'], nested: { ok: true } },
        uri: 'https://example.com/reports/q3.md',
        metadata: { pages: 3, tags: ['finance'] },
        toolCallId: 'call-1',
      });
      await store.create(full);
      expect(await store.get(full.artifactId)).toEqual(full);
      const text = artifact({ content: 'plain text' });
      await store.create(text);
      expect((await store.get(text.artifactId))?.content).toBe('plain text');
    });

    it('get of an unknown id is undefined', async () => {
      expect(await store.get('artifact-missing')).toBeUndefined();
    });

    it('refuses a second create with the same id and keeps the first', async () => {
      const first = artifact({ content: 'first' });
      await store.create(first);
      await expect(store.create({ ...first, content: 'second' })).rejects.toSatisfy(
        ConcurrentModificationError.isInstance,
      );
      expect((await store.get(first.artifactId))?.content).toBe('first');
    });

    it('update replaces the artifact with its next version only', async () => {
      const created = artifact({ content: 'v1' });
      await store.create(created);
      const next = { ...created, content: 'v2', version: 2, updatedAt: created.updatedAt + 5 };
      await store.update(next);
      expect(await store.get(created.artifactId)).toEqual(next);
      await expect(store.update({ ...next, content: 'stale', version: 2 })).rejects.toSatisfy(
        ConcurrentModificationError.isInstance,
      );
      expect((await store.get(created.artifactId))?.content).toBe('v2');
    });

    it('update of an unknown artifact is NotFoundError', async () => {
      await expect(store.update(artifact({ version: 2 }))).rejects.toSatisfy(NotFoundError.isInstance);
    });

    it("lists a job's artifacts in creation order, only that job's", async () => {
      const a = artifact({ jobId: 'job-x' });
      const b = artifact({ jobId: 'job-y' });
      const c = artifact({ jobId: 'job-x' });
      for (const record of [a, b, c]) await store.create(record);
      await store.update({ ...a, version: 2, content: 'changed' });
      expect((await store.listByJob('job-x')).map((r) => [r.artifactId, r.version])).toEqual([
        [a.artifactId, 2],
        [c.artifactId, 1],
      ]);
      expect(await store.listByJob('job-none')).toEqual([]);
    });

    it('records are validated before they reach a store', () => {
      expect(() => artifact({ uri: 'not a url' })).toThrow(ValidationError);
    });
  });
}
