import { RuntimeKernel } from '@agent-runtime/kernel';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createServer } from './create-server';
import { deployChanges, memoryKernel, offlineAgent, postgresKernel } from './test-kernel';

const reachable = await postgresKernel('server-readyz');
afterAll(() => reachable.drop());

it('/readyz is 200 when PostgreSQL answers', async () => {
  const app = createServer({ kernel: reachable.kernel, apiKeys: {} });
  const response = await app.request('/readyz');
  expect(response.status).toBe(200);
});

it('/readyz is a 503 NOT_READY problem when PostgreSQL does not (a port nothing listens on); /healthz stays 200', async () => {
  const pool = new pg.Pool({
    connectionString: 'postgres://postgres@127.0.0.1:1/test',
    connectionTimeoutMillis: 500,
  });
  const { migrate: _migrate, ...stores } = createPostgresStores(pool, { schema: 'server_unreachable' });
  const kernel = RuntimeKernel.create({
    agent: offlineAgent(),
    tools: [deployChanges],
    shutdownGraceSeconds: 0,
    ...stores,
  });
  try {
    const app = createServer({ kernel, apiKeys: {}, readyTimeoutMs: 3000 });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(await response.json()).toMatchObject({ status: 503, code: 'NOT_READY' });
    expect((await app.request('/healthz')).status).toBe(200);
  } finally {
    await kernel.shutdown();
    await pool.end();
  }
});

it('/readyz of an in-memory kernel is 200', async () => {
  const kernel = memoryKernel();
  expect((await createServer({ kernel, apiKeys: {} }).request('/readyz')).status).toBe(200);
  await kernel.shutdown();
});
