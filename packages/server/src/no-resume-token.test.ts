import type { AnyRuntimeEvent, RuntimeKernel } from '@agent-runtime/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { jobWaitingForApproval, memoryKernel, postgresKernel, startServer, waitFor } from './test-kernel';

function noTokenSuite(
  name: string,
  makeKernel: () => Promise<{ kernel: RuntimeKernel; drop: () => Promise<void> }>,
) {
  describe(name, async () => {
    const { kernel, drop } = await makeKernel();
    const server = await startServer(kernel);
    const { client } = server;
    afterAll(async () => {
      await server.close();
      await drop();
    }, 30_000);

    it('no response body of any route ever contains a resume token (nor its hash)', async () => {
      const tokens: string[] = [];
      const subscription = await kernel.events.subscribe(
        (event: AnyRuntimeEvent) => {
          if (event.type === 'action.required') tokens.push(event.data.resumeToken);
        },
        undefined,
        { includeSecrets: true },
      );
      const jobs = [];
      for (let i = 0; i < 3; i++) jobs.push(await jobWaitingForApproval(client, 'key-a-admin'));
      await waitFor(
        async () => tokens.length,
        (n) => n === 3,
      );
      const hashes = (await kernel.actions.listPending({ scopeId: 'tenant-a' })).map(
        (a) => a.resumeTokenHash,
      );

      const key = 'key-a-admin' as const;
      const [first, second, third] = jobs as [(typeof jobs)[0], (typeof jobs)[0], (typeof jobs)[0]];
      // every JSON route, while actions are pending
      await client.request('GET', '/v1/jobs', { key });
      await client.request('GET', '/v1/jobs?status=waiting_action&limit=1', { key });
      for (const { jobId } of jobs) await client.request('GET', `/v1/jobs/${jobId}`, { key });
      await client.request('GET', '/v1/actions', { key });
      await client.request('GET', '/v1/actions?status=pending', { key });
      await client.request('GET', `/v1/actions?jobId=${first.jobId}`, { key });
      await client.request('GET', '/v1/usage', { key });
      // resolving by id, by token, and cancelling
      await client.request('POST', `/v1/actions/${first.actionId}/resolve`, {
        key,
        body: { resolution: { approved: true } },
      });
      await client.request('POST', '/v1/actions/resolve', {
        body: { resumeToken: tokens[1], resolution: { approved: true } },
      });
      await client.request('POST', '/v1/actions/resolve', {
        body: { resumeToken: tokens[1], resolution: {} },
      });
      await client.request('POST', `/v1/jobs/${third.jobId}/cancel`, { key });
      for (const { jobId } of jobs)
        await waitFor(
          () => client.request('GET', `/v1/jobs/${jobId}`, { key }),
          (r) => ['succeeded', 'cancelled'].includes(r.json.status),
        );
      // and after: every job, its event stream (each holds an action.required event), the errors, the rest
      for (const { jobId, actionId } of jobs) {
        await client.request('GET', `/v1/jobs/${jobId}`, { key });
        await client.request('GET', `/v1/jobs/${jobId}/events`, { key });
        await client.request('POST', `/v1/actions/${actionId}/resolve`, { key, body: { resolution: {} } });
      }
      await client.request('GET', `/v1/jobs/${second.jobId}/events`, {
        key,
        headers: { 'last-event-id': '1' },
      });
      await client.request('GET', '/v1/jobs?limit=200', { key });
      await client.request('GET', '/v1/usage?days=31', { key });
      for (const path of ['/openapi.json', '/healthz', '/readyz']) await client.request('GET', path);
      await subscription.unsubscribe();

      expect(tokens).toHaveLength(3);
      expect(client.bodies.length).toBeGreaterThan(25);
      const surface = client.bodies.join('\n');
      expect(surface).toContain(first.actionId); // the scan sees the actions themselves
      for (const secret of [...tokens, ...hashes]) expect(surface).not.toContain(secret);
    }, 60_000);
  });
}

noTokenSuite('in-memory kernel', async () => {
  const kernel = memoryKernel();
  return { kernel, drop: () => kernel.shutdown() };
});
noTokenSuite('PostgreSQL kernel', () => postgresKernel('server-no-token'));
