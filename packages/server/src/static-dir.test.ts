import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { memoryKernel, startServer } from './test-kernel';

const dir = await mkdtemp(join(tmpdir(), 'server-static-'));
await writeFile(join(dir, 'index.html'), '<!doctype html><title>console</title>');
await writeFile(join(dir, 'app.js'), 'console.log("app")');
const kernel = memoryKernel();
const server = await startServer(kernel, { staticDir: dir });
afterAll(async () => {
  await server.close();
  await kernel.shutdown();
  await rm(dir, { recursive: true });
});

it('serves staticDir at /, index.html for client-side routes, and leaves /v1 to the API', async () => {
  const index = await fetch(`${server.url}/`);
  expect(index.headers.get('content-type')).toMatch(/text\/html/);
  expect(await index.text()).toContain('<title>console</title>');
  expect(await (await fetch(`${server.url}/app.js`)).text()).toContain('console.log');
  expect(await (await fetch(`${server.url}/jobs/job_123`)).text()).toContain('<title>console</title>');
  const api = await fetch(`${server.url}/v1/nothing`);
  expect(api.status).toBe(404);
  expect(api.headers.get('content-type')).toBe('application/problem+json');
  expect((await fetch(`${server.url}/v1/jobs`)).status).toBe(401);
  expect((await fetch(`${server.url}/../../etc/passwd`)).status).not.toBe(500);
});
