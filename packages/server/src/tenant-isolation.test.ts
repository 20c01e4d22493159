import type { RuntimeKernel } from '@agent-runtime/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import {
  jobWaitingForApproval,
  type KeyName,
  memoryKernel,
  postgresKernel,
  startServer,
  type TestClient,
  waitFor,
} from './test-kernel';

interface Tenant {
  key: KeyName;
  jobId: string;
  actionId: string;
}

/** What a tenant can observe of its own state: the jobs, the pending actions, the usage. */
async function snapshot(client: TestClient, { key }: Tenant) {
  const [jobs, actions, usage] = await Promise.all([
    client.request('GET', '/v1/jobs?limit=200', { key }),
    client.request('GET', '/v1/actions', { key }),
    client.request('GET', '/v1/usage', { key }),
  ]);
  return {
    jobs: jobs.json.items.map((j: { jobId: string; status: string; version: number }) => [
      j.jobId,
      j.status,
      j.version,
    ]),
    actions: actions.json.items.map((a: { actionId: string; status: string }) => [a.actionId, a.status]),
    usage: usage.json.month.usage,
  };
}

/** Every tenant route, called by `caller` on `owner`'s ids. */
function crossTenantCalls(caller: Tenant, owner: Tenant) {
  return [
    { method: 'GET', path: `/v1/jobs/${owner.jobId}`, status: 404 },
    { method: 'GET', path: `/v1/jobs/${owner.jobId}/events`, status: 404 },
    { method: 'POST', path: `/v1/jobs/${owner.jobId}/cancel`, status: 404, body: {} },
    {
      method: 'POST',
      path: `/v1/actions/${owner.actionId}/resolve`,
      status: 404,
      body: { resolution: { approved: true } },
    },
    { method: 'GET', path: `/v1/actions?jobId=${owner.jobId}`, status: 200, items: 0 },
    { method: 'GET', path: '/v1/jobs?limit=200', status: 200, excludes: owner.jobId },
    { method: 'GET', path: '/v1/actions', status: 200, excludes: owner.actionId },
    { method: 'GET', path: '/v1/usage', status: 200 },
    { method: 'POST', path: '/v1/jobs', status: 201, body: { prompt: `from ${caller.key}` } },
  ] as const;
}

function isolationMatrix(
  name: string,
  makeKernel: () => Promise<{ kernel: RuntimeKernel; drop: () => Promise<void> }>,
) {
  describe(`tenant isolation, ${name}`, () => {
    let drop: () => Promise<void> = async () => {};
    afterAll(() => drop());

    it("two tenants × every route: the other tenant's ids are 404s, its records never listed, nothing of it changes", async () => {
      const made = await makeKernel();
      const server = await startServer(made.kernel);
      drop = async () => {
        await server.close();
        await made.drop();
      };
      const { client } = server;
      const a: Tenant = { key: 'key-a-admin', ...(await jobWaitingForApproval(client, 'key-a-admin')) };
      const b: Tenant = { key: 'key-b-admin', ...(await jobWaitingForApproval(client, 'key-b-admin')) };
      let checked = 0;
      for (const [caller, owner] of [
        [a, b],
        [b, a],
      ] as const) {
        const ownerBefore = await snapshot(client, owner);
        for (const call of crossTenantCalls(caller, owner)) {
          const r = await client.request(call.method, call.path, {
            key: caller.key,
            body: 'body' in call ? call.body : undefined,
          });
          const what = `${caller.key} ${call.method} ${call.path}`;
          expect(r.status, what).toBe(call.status);
          if (call.status === 404) expect(r.json, what).toMatchObject({ code: 'NOT_FOUND' });
          if ('items' in call) expect(r.json.items, what).toHaveLength(call.items);
          if ('excludes' in call) expect(r.text, what).not.toContain(call.excludes);
          if (call.path === '/v1/usage')
            expect(r.json.scopeId).toBe(caller.key === 'key-a-admin' ? 'tenant-a' : 'tenant-b');
          if (call.path === '/v1/jobs' && call.method === 'POST') {
            expect(r.json.scopeId).not.toBe(owner.key === 'key-a-admin' ? 'tenant-a' : 'tenant-b');
            // let the caller's own job end, so the next round's snapshot of the caller holds still
            await waitFor(
              () => client.request('GET', `/v1/jobs/${r.json.jobId}`, { key: caller.key }),
              (job) => job.json.status === 'succeeded',
            );
          }
          expect(await snapshot(client, owner), what).toEqual(ownerBefore);
          checked++;
        }
      }
      expect(checked).toBe(18);
      // and each tenant's own calls still work on its own records
      for (const own of [a, b]) {
        const r = await client.request('POST', `/v1/actions/${own.actionId}/resolve`, {
          key: own.key,
          body: { resolution: { approved: true } },
        });
        expect(r.status).toBe(200);
      }
    }, 60_000);
  });
}

isolationMatrix('in-memory kernel', async () => {
  const kernel = memoryKernel();
  return { kernel, drop: () => kernel.shutdown() };
});
isolationMatrix('PostgreSQL kernel', () => postgresKernel('server-tenant-isolation'));
