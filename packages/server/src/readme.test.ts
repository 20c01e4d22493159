import { scriptedDriver } from '@agent-runtime/ai-sdk/testing';
import { RuntimeKernel } from '@agent-runtime/kernel';
import { expect, it } from 'vitest';
import { apiKeysFromEnv, createServer, serve } from './index';
import { offlineAgent } from './test-kernel';

it('README: serve a kernel', async () => {
  // --- README: serve ---
  const agent = scriptedDriver([{ text: 'Hello!' }]);
  const kernel = RuntimeKernel.create({ agent });
  const app = createServer({
    kernel,
    apiKeys: {
      'demo-key': { scopeId: 'tenant-a', principalId: 'alice', roles: ['submit', 'read', 'approve'] },
    },
  });
  const server = await serve(app, { port: 0, hostname: '127.0.0.1' });

  const response = await fetch(`${server.url}/v1/jobs`, {
    method: 'POST',
    headers: { authorization: 'Bearer demo-key', 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 'Say hello' }),
  });
  const job = (await response.json()) as { jobId: string };
  expect(response.status).toBe(201);
  expect(job).toMatchObject({ scopeId: 'tenant-a', principalId: 'alice' });
  expect(job.jobId).toMatch(/^job_/);

  await server.close();
  await kernel.shutdown();
});

it('README: a problem for a bad body', async () => {
  // --- README: problem ---
  const kernel = RuntimeKernel.create({ agent: scriptedDriver([]) });
  const app = createServer({
    kernel,
    apiKeys: { 'demo-key': { scopeId: 'tenant-a', roles: ['submit'] } },
  });
  const bad = await app.request('/v1/jobs', {
    method: 'POST',
    headers: { authorization: 'Bearer demo-key', 'content-type': 'application/json' },
    body: JSON.stringify({ prompt: 42 }),
  });
  expect(bad.status).toBe(400);
  expect(bad.headers.get('content-type')).toBe('application/problem+json');
  expect(await bad.json()).toMatchObject({
    type: 'about:blank',
    title: 'ValidationError',
    status: 400,
    code: 'VALIDATION_ERROR',
    field: 'body.prompt',
    detail: 'body.prompt: Invalid input: expected string, received number',
  });
  await kernel.shutdown();
});

it('README: API keys from the environment', async () => {
  // --- README: env ---
  const { createHash } = await import('node:crypto');
  const digest = createHash('sha256').update('demo-key').digest('hex');
  const env = {
    AGENT_RUNTIME_API_KEYS: JSON.stringify({
      [`sha256:${digest}`]: { scopeId: 'tenant-a', principalId: 'ops', roles: ['read'] },
    }),
  };
  const keys = apiKeysFromEnv(env);
  expect(keys).toEqual({
    [`sha256:${digest}`]: { scopeId: 'tenant-a', principalId: 'ops', roles: ['read'] },
  });
  const kernel = RuntimeKernel.create({ agent: offlineAgent() });
  const app = createServer({ kernel, apiKeys: keys });
  expect((await app.request('/v1/jobs', { headers: { authorization: 'Bearer demo-key' } })).status).toBe(200);
  await kernel.shutdown();
});
