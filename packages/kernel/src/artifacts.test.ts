import { aiSdkDriver } from '@agent-runtime/ai-sdk';
import { scriptedModel } from '@agent-runtime/ai-sdk/testing';
import { InMemoryArtifactStore } from '@agent-runtime/jobs';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  defineTool,
  InMemoryActionStore,
  InMemoryJobStore,
  InMemoryLedgerWriter,
  NotFoundError,
  RuntimeKernel,
  ValidationError,
} from './index';
import { collect, scriptedKernel, typesOf } from './test-helpers';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const writeReport = defineTool({
  name: 'write_report',
  description: 'Writes a report artifact',
  inputSchema: z.object({ title: z.string() }),
  async execute({ title }, { createArtifact, updateArtifact }) {
    const draft = await createArtifact({
      name: `${title}.md`,
      mimeType: 'text/markdown',
      content: `# ${title}\n\ndraft`,
      metadata: { status: 'draft' },
    });
    const final = await updateArtifact(draft.artifactId, {
      content: `# ${title}\n\nfinal`,
      metadata: { status: 'final' },
    });
    const link = await createArtifact({ name: 'chart', uri: 'https://example.com/chart.png' });
    return { artifactId: final.artifactId, version: final.version, link: link.artifactId };
  },
});
const steps = [
  { toolCalls: [{ toolName: 'write_report', input: { title: 'Q3' } }] },
  { text: 'Report written.' },
];
const expectedArtifacts = [
  {
    name: 'Q3.md',
    mimeType: 'text/markdown',
    content: '# Q3\n\nfinal',
    metadata: { status: 'final' },
    version: 2,
  },
  { name: 'chart', uri: 'https://example.com/chart.png', metadata: {}, version: 1 },
];

describe('artifacts created by tools', () => {
  it('createArtifact / updateArtifact: stored with the job, published, and in result.artifacts', async () => {
    const artifactStore = new InMemoryArtifactStore();
    const { kernel } = scriptedKernel(steps, { kernel: { tools: [writeReport], artifactStore } });
    const handle = await kernel.execute({ prompt: 'p', scopeId: 's' });
    const events = await collect(handle);
    expect(typesOf(events).filter((t) => t.startsWith('artifact.'))).toEqual([
      'artifact.created',
      'artifact.updated',
      'artifact.created',
    ]);
    const result = await handle.result();
    expect(result.status).toBe('succeeded');
    expect(result.artifacts).toMatchObject(expectedArtifacts);
    const stored = await artifactStore.listByJob(result.jobId);
    expect(stored).toMatchObject(expectedArtifacts);
    expect(stored[0]).toMatchObject({ jobId: result.jobId, scopeId: 's', toolCallId: expect.any(String) });
    expect(events.find((e) => e.type === 'artifact.updated')?.data).toMatchObject({ version: 2 });
  });

  it('a duplicate execute() of the ended job and another kernel over the same stores return its artifacts', async () => {
    const shared = {
      jobStore: new InMemoryJobStore(),
      actionStore: new InMemoryActionStore(),
      ledgerWriter: new InMemoryLedgerWriter(),
      artifactStore: new InMemoryArtifactStore(),
    };
    const { kernel, model } = scriptedKernel(steps, { kernel: { tools: [writeReport], ...shared } });
    const request = { prompt: 'p', scopeId: 's', idempotencyKey: 'report-1' };
    const first = await (await kernel.execute(request)).result();
    const duplicate = await (await kernel.execute(request)).result();
    expect(duplicate.jobId).toBe(first.jobId);
    expect(duplicate.artifacts).toEqual(first.artifacts);
    const other = RuntimeKernel.create({ agent: aiSdkDriver({ model: scriptedModel([]) }), ...shared });
    expect((await (await other.execute(request)).result()).artifacts).toEqual(first.artifacts);
    expect(model.doStreamCalls).toHaveLength(2);
  });

  it('bad input is a ValidationError naming the field and stores nothing; another job’s artifact is not found', async () => {
    const artifactStore = new InMemoryArtifactStore();
    const seen: unknown[] = [];
    const careless = defineTool({
      name: 'careless',
      description: 'tries bad artifacts',
      inputSchema: z.object({}),
      async execute(_input, { createArtifact, updateArtifact }) {
        seen.push(await createArtifact({ name: 'x', uri: 'not a url' }).catch((e: unknown) => e));
        seen.push(await createArtifact({ name: '' }).catch((e: unknown) => e));
        seen.push(await updateArtifact('artifact_missing', { name: 'y' }).catch((e: unknown) => e));
        return 'ok';
      },
    });
    const { kernel } = scriptedKernel(
      [{ toolCalls: [{ toolName: 'careless', input: {} }] }, { text: 'done' }],
      { kernel: { tools: [careless], artifactStore } },
    );
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect(seen[0]).toSatisfy(ValidationError.isInstance);
    expect(seen[0]).toMatchObject({ field: 'artifact.uri' });
    expect(seen[1]).toMatchObject({ field: 'artifact.name' });
    expect(seen[2]).toSatisfy(NotFoundError.isInstance);
    expect(result.artifacts).toEqual([]);
    expect(await artifactStore.listByJob(result.jobId)).toEqual([]);
  });
});

describe('artifacts on PostgreSQL', () => {
  const schema = `kernel_artifacts_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 4 });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it('a kernel over createPostgresStores keeps them; a later kernel returns them for the duplicate', async () => {
    const { migrate, ...stores } = createPostgresStores(pool, { schema });
    await migrate();
    const { kernel } = scriptedKernel(steps, { kernel: { tools: [writeReport], ...stores } });
    const request = { prompt: 'p', scopeId: 'tenant-1', idempotencyKey: 'pg-report' };
    const first = await (await kernel.execute(request)).result();
    await kernel.shutdown();
    expect(first.artifacts).toMatchObject(expectedArtifacts);
    const { migrate: _, ...again } = createPostgresStores(pool, { schema });
    const later = RuntimeKernel.create({ agent: aiSdkDriver({ model: scriptedModel([]) }), ...again });
    expect((await (await later.execute(request)).result()).artifacts).toEqual(first.artifacts);
    const { rows } = await pool.query(
      `SELECT name, version FROM "${schema}".runtime_artifacts WHERE job_id = $1 ORDER BY seq`,
      [first.jobId],
    );
    expect(rows).toEqual([
      { name: 'Q3.md', version: 2 },
      { name: 'chart', version: 1 },
    ]);
  });
});
