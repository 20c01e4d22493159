import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from './create-server';
import { jobWaitingForApproval, memoryKernel, NEEDS_APPROVAL, startServer, waitFor } from './test-kernel';

const kernel = memoryKernel();
const server = await startServer(kernel, { maxBodyBytes: 4096 });
const { client } = server;
afterAll(async () => {
  await server.close();
  await kernel.shutdown();
});

const problem = (status: number, code: string, field?: string) =>
  expect.objectContaining({ status, code, type: 'about:blank', ...(field ? { field } : {}) });

async function finished(jobId: string) {
  return waitFor(
    () => client.request('GET', `/v1/jobs/${jobId}`, { key: 'key-a-read' }),
    (r) => ['succeeded', 'failed', 'cancelled'].includes(r.json?.status),
  );
}

describe('POST /v1/jobs', () => {
  it("runs the job in the key's scope as the key's principal and answers 201 { jobId, status, … }", async () => {
    const r = await client.request('POST', '/v1/jobs', {
      key: 'key-a-submit',
      body: { prompt: 'Say hi', metadata: { ticket: 7 } },
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ scopeId: 'tenant-a', principalId: 'alice', metadata: { ticket: 7 } });
    expect(r.json.jobId).toMatch(/^job_/);
    expect(typeof r.json.status).toBe('string');
    expect((await finished(r.json.jobId)).json.status).toBe('succeeded');
  });

  it('the Idempotency-Key header gives the same job on a repeat', async () => {
    const headers = { 'idempotency-key': 'order-42' };
    const first = await client.request('POST', '/v1/jobs', {
      key: 'key-a-submit',
      body: { prompt: 'Once' },
      headers,
    });
    const again = await client.request('POST', '/v1/jobs', {
      key: 'key-a-submit',
      body: { prompt: 'Once' },
      headers,
    });
    expect(first.status).toBe(201);
    expect(again.json.jobId).toBe(first.json.jobId);
    expect(first.json.idempotencyKey).toBe('order-42');
    const jobs = await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' });
    expect(
      jobs.json.items.filter((j: { idempotencyKey?: string }) => j.idempotencyKey === 'order-42'),
    ).toHaveLength(1);
  });

  it('concurrent POSTs with one Idempotency-Key make one job; the same key in another tenant is its own job', async () => {
    const headers = { 'idempotency-key': 'burst-1' };
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.request('POST', '/v1/jobs', { key: 'key-a-submit', body: { prompt: 'Burst' }, headers }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((r) => r.json.jobId)).size).toBe(1);
    const other = await client.request('POST', '/v1/jobs', {
      key: 'key-b-admin',
      body: { prompt: 'Burst' },
      headers,
    });
    expect(other.json.jobId).not.toBe(answers[0]?.json.jobId);
    expect(other.json.scopeId).toBe('tenant-b');
  });

  it('a bad body is a 400 problem naming the field, and creates no job', async () => {
    const before = (await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' })).json.items
      .length;
    for (const [body, field] of [
      [{ prompt: 3 }, 'body.prompt'],
      [{}, 'body.prompt'],
      [{ prompt: 'x', scopeId: 'tenant-b' }, 'body'],
      [{ prompt: 'x', budgets: { maxCost: 'lots' } }, 'body.budgets.maxCost'],
      [{ prompt: 'x', mode: 'later' }, 'body.mode'],
      ['{not json', 'body'],
    ] as const) {
      const r = await client.request('POST', '/v1/jobs', { key: 'key-a-submit', body });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.contentType).toBe('application/problem+json');
      expect(r.json).toEqual(problem(400, 'VALIDATION_ERROR', field));
    }
    const after = (await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' })).json.items
      .length;
    expect(after).toBe(before);
  });

  it('an empty Idempotency-Key header is a 400 naming the header', async () => {
    const r = await client.request('POST', '/v1/jobs', {
      key: 'key-a-submit',
      body: { prompt: 'x' },
      headers: { 'idempotency-key': '' },
    });
    expect(r.json).toEqual(problem(400, 'VALIDATION_ERROR', 'headers.idempotency-key'));
  });

  it('a body over maxBodyBytes is a 413 problem', async () => {
    const r = await client.request('POST', '/v1/jobs', {
      key: 'key-a-submit',
      body: { prompt: 'x'.repeat(5000) },
    });
    expect(r.status).toBe(413);
    expect(r.json).toEqual(problem(413, 'PAYLOAD_TOO_LARGE'));
  });

  it('{"mode":"submit"} on a kernel without submit() is a 501 NOT_IMPLEMENTED problem and creates no job', async () => {
    const withoutSubmit = Object.assign(Object.create(kernel), { submit: undefined });
    const app = createServer({
      kernel: withoutSubmit,
      apiKeys: { k: { scopeId: 'tenant-no-submit', principalId: 'p', roles: ['submit', 'read'] } },
    });
    const response = await app.request('/v1/jobs', {
      method: 'POST',
      headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
      body: JSON.stringify({ prompt: 'queued', mode: 'submit' }),
    });
    expect(response.status).toBe(501);
    expect(await response.json()).toEqual(problem(501, 'NOT_IMPLEMENTED'));
    expect(await kernel.forScope('tenant-no-submit').listJobs()).toEqual([]);
  });

  it('{"mode":"submit"} queues the job in the key\'s scope for a worker, which runs it', async () => {
    const queueing = memoryKernel();
    const app = createServer({
      kernel: queueing,
      apiKeys: { k: { scopeId: 'tenant-a', principalId: 'p', roles: ['submit', 'read'] } },
    });
    try {
      const response = await app.request('/v1/jobs', {
        method: 'POST',
        headers: { authorization: 'Bearer k', 'content-type': 'application/json' },
        body: JSON.stringify({ prompt: 'for the workers', mode: 'submit' }),
      });
      expect(response.status).toBe(201);
      const job = (await response.json()) as { jobId: string };
      expect(job).toMatchObject({ status: 'queued', scopeId: 'tenant-a', principalId: 'p' });
      const worker = await queueing.startWorker({ concurrency: 1 });
      const result = await (await queueing.attach(job.jobId)).result();
      await worker.stop({ graceSeconds: 5 });
      expect(result.content).toBe('Answer to: for the workers');
    } finally {
      await queueing.shutdown();
    }
  });
});

describe('GET /v1/jobs', () => {
  it('pages with limit and nextCursor, newest first, and filters by status', async () => {
    for (let i = 0; i < 3; i++)
      await client.request('POST', '/v1/jobs', { key: 'key-a-submit', body: { prompt: `page ${i}` } });
    const all = (await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' })).json.items;
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const r = await client.request('GET', `/v1/jobs?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        key: 'key-a-read',
      });
      expect(r.status).toBe(200);
      seen.push(...r.json.items.map((j: { jobId: string }) => j.jobId));
      cursor = r.json.nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(all.map((j: { jobId: string }) => j.jobId));
    const created = all.map((j: { createdAt: number }) => j.createdAt);
    expect(created).toEqual([...created].sort((a, b) => b - a));
    await waitFor(
      () => client.request('GET', '/v1/jobs?status=running,waiting_action,queued', { key: 'key-a-read' }),
      (r) => r.json.items.length === 0,
    );
    const succeeded = await client.request('GET', '/v1/jobs?status=succeeded&limit=200', {
      key: 'key-a-read',
    });
    expect(succeeded.json.items.length).toBe(all.length);
  });

  it('a bad query is a 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['status=nope', 'query.status.0'],
      ['limit=0', 'query.limit'],
      ['limit=abc', 'query.limit'],
      ['cursor=garbage', 'query.cursor'],
      ['color=red', 'query'],
    ]) {
      const r = await client.request('GET', `/v1/jobs?${query}`, { key: 'key-a-read' });
      expect(r.json, query).toEqual(problem(400, 'VALIDATION_ERROR', field));
    }
  });
});

describe('GET /v1/jobs/:id and POST /v1/jobs/:id/cancel', () => {
  it('reads a job; an unknown id is a 404 NOT_FOUND problem', async () => {
    const { jobId } = await jobWaitingForApproval(client);
    const r = await client.request('GET', `/v1/jobs/${jobId}`, { key: 'key-a-read' });
    expect(r.json).toMatchObject({ jobId, status: 'waiting_action' });
    expect(r.json).not.toHaveProperty('checkpoint');
    const missing = await client.request('GET', '/v1/jobs/job_nope', { key: 'key-a-read' });
    expect(missing.json).toEqual(problem(404, 'NOT_FOUND'));
    const cancelled = await client.request('POST', `/v1/jobs/${jobId}/cancel`, {
      key: 'key-a-submit',
      body: { reason: 'changed my mind' },
    });
    expect(cancelled.status).toBe(200);
    expect((await finished(jobId)).json.status).toBe('cancelled');
    const again = await client.request('POST', `/v1/jobs/${jobId}/cancel`, { key: 'key-a-submit' });
    expect(again.json).toEqual(problem(409, 'INVALID_TRANSITION'));
    const unknown = await client.request('POST', '/v1/jobs/job_nope/cancel', { key: 'key-a-submit' });
    expect(unknown.json).toEqual(problem(404, 'NOT_FOUND'));
    const badBody = await client.request('POST', `/v1/jobs/${jobId}/cancel`, {
      key: 'key-a-submit',
      body: { reason: 5 },
    });
    expect(badBody.json).toEqual(problem(400, 'VALIDATION_ERROR', 'body.reason'));
  });
});

describe('actions', () => {
  it("an approver resolves a pending action by id; the job resumes and succeeds; resolvedBy is the key's principal", async () => {
    const { jobId, actionId } = await jobWaitingForApproval(client);
    const pending = await client.request('GET', '/v1/actions?status=pending', { key: 'key-a-read' });
    expect(pending.json.items.map((a: { actionId: string }) => a.actionId)).toContain(actionId);
    const r = await client.request('POST', `/v1/actions/${actionId}/resolve`, {
      key: 'key-a-approve',
      body: { resolution: { approved: true } },
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ actionId, status: 'resolved', resolution: { approved: true } });
    expect((await finished(jobId)).json.status).toBe('succeeded');
    const again = await client.request('POST', `/v1/actions/${actionId}/resolve`, {
      key: 'key-a-approve',
      body: { resolution: {} },
    });
    expect(again.json).toEqual(problem(409, 'RESUME_TOKEN_USED'));
    const events = await kernel.eventLog.read(jobId);
    expect(events.find((e) => e.type === 'action.resolved')?.data).toMatchObject({ resolvedBy: 'approver' });
  });

  it('POST /v1/actions/resolve takes the resume token as the capability, with no API key', async () => {
    const handle = await kernel.forScope('tenant-a').execute({ prompt: NEEDS_APPROVAL });
    let resumeToken: string | undefined;
    for await (const event of handle.events())
      if (event.type === 'action.required') {
        resumeToken = event.data.resumeToken;
        break;
      }
    const wrong = await client.request('POST', '/v1/actions/resolve', {
      body: { resumeToken: 'rt_wrong', resolution: { approved: true } },
    });
    expect(wrong.json).toEqual(problem(404, 'INVALID_RESUME_TOKEN'));
    const r = await client.request('POST', '/v1/actions/resolve', {
      body: { resumeToken, resolution: { approved: true } },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('resolved');
    expect(r.text).not.toContain(resumeToken);
    expect((await handle.result()).status).toBe('succeeded');
    const missing = await client.request('POST', '/v1/actions/resolve', { body: { resolution: {} } });
    expect(missing.json).toEqual(problem(400, 'VALIDATION_ERROR', 'body.resumeToken'));
  });

  it('bad queries and bodies are 400s naming the field; an unknown action is a 404', async () => {
    const status = await client.request('GET', '/v1/actions?status=resolved', { key: 'key-a-read' });
    expect(status.json).toEqual(problem(400, 'VALIDATION_ERROR', 'query.status'));
    const body = await client.request('POST', '/v1/actions/act_x/resolve', {
      key: 'key-a-approve',
      body: { resolution: 'yes' },
    });
    expect(body.json).toEqual(problem(400, 'VALIDATION_ERROR', 'body.resolution'));
    const unknown = await client.request('POST', '/v1/actions/act_x/resolve', {
      key: 'key-a-approve',
      body: { resolution: {} },
    });
    expect(unknown.json).toEqual(problem(404, 'NOT_FOUND'));
  });
});

describe('GET /v1/usage', () => {
  it('reports the day, the month and each day, per scope and per principal, tokens and cost', async () => {
    const r = await client.request('GET', '/v1/usage?days=3', { key: 'key-a-read' });
    expect(r.status).toBe(200);
    expect(r.json.scopeId).toBe('tenant-a');
    expect(r.json.daily).toHaveLength(3);
    expect(r.json.day.usage.totalTokens).toBeGreaterThan(0);
    expect(r.json.month.usage.totalTokens).toBeGreaterThanOrEqual(r.json.day.usage.totalTokens);
    expect(r.json.daily.at(-1)).toEqual(r.json.day);
    expect(typeof r.json.day.usage.cost).toBe('string');
    expect(r.json.month.until - r.json.month.since).toBeGreaterThanOrEqual(28 * 86_400_000);
    const alice = await client.request('GET', '/v1/usage?principalId=alice', { key: 'key-a-read' });
    const nobody = await client.request('GET', '/v1/usage?principalId=nobody', { key: 'key-a-read' });
    expect(alice.json.principalId).toBe('alice');
    expect(alice.json.day.usage.totalTokens).toBeGreaterThan(0);
    expect(nobody.json.day.usage.totalTokens).toBe(0);
    const lastYear = await client.request('GET', `/v1/usage?at=${Date.now() - 400 * 86_400_000}`, {
      key: 'key-a-read',
    });
    expect(lastYear.json.month.usage.totalTokens).toBe(0);
    const bad = await client.request('GET', '/v1/usage?days=1000', { key: 'key-a-read' });
    expect(bad.json).toEqual(problem(400, 'VALIDATION_ERROR', 'query.days'));
  });
});

describe('auth', () => {
  it('no key or an unknown key is a 401; a key without the role is a 403; and nothing changes', async () => {
    const routes = [
      ['POST', '/v1/jobs', 'key-a-read'],
      ['GET', '/v1/jobs', 'key-a-approve'],
      ['GET', '/v1/jobs/job_x', 'key-a-approve'],
      ['GET', '/v1/jobs/job_x/events', 'key-a-approve'],
      ['POST', '/v1/jobs/job_x/cancel', 'key-a-read'],
      ['GET', '/v1/actions', 'key-a-approve'],
      ['POST', '/v1/actions/act_x/resolve', 'key-a-read'],
      ['GET', '/v1/usage', 'key-a-approve'],
    ] as const;
    const before = (await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' })).json.items
      .length;
    for (const [method, path, keyWithoutRole] of routes) {
      const body = method === 'POST' ? { prompt: 'x', resolution: {} } : undefined;
      const none = await client.request(method, path, { body });
      expect(none.json, `${method} ${path}`).toEqual(problem(401, 'UNAUTHORIZED'));
      const wrong = await client.request(method, path, {
        body,
        headers: { authorization: 'Bearer not-a-key' },
      });
      expect(wrong.json).toEqual(problem(401, 'UNAUTHORIZED'));
      const forbidden = await client.request(method, path, { key: keyWithoutRole, body });
      expect(forbidden.json, `${method} ${path}`).toEqual(problem(403, 'FORBIDDEN'));
    }
    const after = (await client.request('GET', '/v1/jobs?limit=200', { key: 'key-a-read' })).json.items
      .length;
    expect(after).toBe(before);
  });
});

describe('mounted in another Hono app', () => {
  it('answers under the mount path, with its problems', async () => {
    const { Hono } = await import('hono');
    const outer = new Hono();
    outer.route(
      '/agents',
      createServer({ kernel, apiKeys: { k: { scopeId: 'tenant-a', roles: ['read'] } } }),
    );
    const ok = await outer.request('/agents/v1/jobs', { headers: { authorization: 'Bearer k' } });
    expect(ok.status).toBe(200);
    const denied = await outer.request('/agents/v1/jobs', { headers: { authorization: 'Bearer nope' } });
    expect(denied.status).toBe(401);
    expect(await denied.json()).toEqual(problem(401, 'UNAUTHORIZED'));
  });
});

describe('health, openapi, unknown routes', () => {
  it('/healthz and /readyz answer 200 without a key', async () => {
    expect((await client.request('GET', '/healthz')).json).toEqual({ status: 'ok' });
    expect((await client.request('GET', '/readyz')).json).toEqual({ status: 'ok' });
  });

  it('/readyz is a 503 NOT_READY problem when a store does not answer', async () => {
    const stuck = Object.assign(Object.create(kernel), {
      forScope: (scopeId: string) =>
        Object.assign(Object.create(kernel.forScope(scopeId)), { listJobs: () => new Promise(() => {}) }),
    });
    const app = createServer({ kernel: stuck, apiKeys: {}, readyTimeoutMs: 50 });
    const response = await app.request('/readyz');
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual(problem(503, 'NOT_READY'));
  });

  it('/openapi.json is an OpenAPI 3.1 document of every route, with the zod schemas', async () => {
    const { json } = await client.request('GET', '/openapi.json');
    expect(json.openapi).toBe('3.1.0');
    expect(Object.keys(json.paths).sort()).toEqual(
      [
        '/healthz',
        '/readyz',
        '/v1/actions',
        '/v1/actions/resolve',
        '/v1/actions/{id}/resolve',
        '/v1/jobs',
        '/v1/jobs/{id}',
        '/v1/jobs/{id}/cancel',
        '/v1/jobs/{id}/events',
        '/v1/usage',
      ].sort(),
    );
    const create = json.paths['/v1/jobs'].post.requestBody.content['application/json'].schema;
    expect(create.required).toEqual(['prompt']);
    expect(create.properties.mode.enum).toEqual(['run', 'submit']);
    expect(json.paths['/v1/jobs'].get.parameters.map((p: { name: string }) => p.name)).toContain('cursor');
  });

  it('an error that is not a typed one is a 500 INTERNAL_ERROR problem that hides its message, passed to onInternalError', async () => {
    const broken = Object.assign(Object.create(kernel), {
      forScope: (scopeId: string) =>
        Object.assign(Object.create(kernel.forScope(scopeId)), {
          getJob: () => Promise.reject(new Error('connection string postgres://secret@db')),
        }),
    });
    const seen: unknown[] = [];
    const app = createServer({
      kernel: broken,
      apiKeys: { k: { scopeId: 'tenant-a', roles: ['read'] } },
      onInternalError: (error) => seen.push(error),
    });
    const response = await app.request('/v1/jobs/job_1', { headers: { authorization: 'Bearer k' } });
    expect(response.status).toBe(500);
    expect(seen).toEqual([new Error('connection string postgres://secret@db')]);
    await app.request('/v1/jobs/job_nope', { headers: { authorization: 'Bearer nope' } });
    expect(seen).toHaveLength(1);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual(problem(500, 'INTERNAL_ERROR'));
    expect(text).not.toContain('secret');
  });

  it('an unknown /v1 route is a 404 problem', async () => {
    expect((await client.request('GET', '/v1/nothing', { key: 'key-a-read' })).json).toEqual(
      problem(404, 'NOT_FOUND'),
    );
  });
});
