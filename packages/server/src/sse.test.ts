import type { RuntimeKernel } from '@agent-runtime/kernel';
import { afterAll, describe, expect, it } from 'vitest';
import { readEvents } from './sse-client';
import { jobWaitingForApproval, memoryKernel, postgresKernel, startServer, waitFor } from './test-kernel';

function sseSuite(
  name: string,
  makeKernel: () => Promise<{ kernel: RuntimeKernel; drop: () => Promise<void> }>,
) {
  describe(`GET /v1/jobs/:id/events, ${name}`, async () => {
    const { kernel, drop } = await makeKernel();
    const server = await startServer(kernel, { sseHeartbeatMs: 0 });
    const { client } = server;
    afterAll(async () => {
      await server.close();
      await drop();
    }, 30_000);
    const eventsUrl = (jobId: string) => `${server.url}/v1/jobs/${jobId}/events`;

    it('streams live; a client that disconnects and reconnects with Last-Event-ID gets every event exactly once', async () => {
      const { jobId, actionId } = await jobWaitingForApproval(client);
      // the job waits for approval: the first connection gets what there is so far, live, then leaves
      const first = await readEvents(eventsUrl(jobId), { key: 'key-a-read', stopAfter: 3 });
      expect(first.status).toBe(200);
      expect(first.events.map((e) => e.id)).toEqual(['1', '2', '3']);
      const approved = await client.request('POST', `/v1/actions/${actionId}/resolve`, {
        key: 'key-a-approve',
        body: { resolution: { approved: true } },
      });
      expect(approved.status).toBe(200);
      const rest = await readEvents(eventsUrl(jobId), {
        key: 'key-a-read',
        lastEventId: first.events.at(-1)?.id,
      });
      const received = [...first.events, ...rest.events];
      const logged = await kernel.eventLog.read(jobId);
      expect(received.map((e) => e.id)).toEqual(logged.map((e) => String(e.seq)));
      expect(received.map((e) => e.event)).toEqual(logged.map((e) => e.type));
      expect(received.at(-1)?.event).toBe('final.result');
      expect(received.map((e) => e.event)).toContain('action.resolved');
      const required = received.find((e) => e.event === 'action.required');
      expect(JSON.parse(required?.data ?? '{}').data.resumeToken).not.toMatch(/^rt_/);
    }, 30_000);

    it('disconnecting after each k-th event and reconnecting with its id never loses or repeats one', async () => {
      const { jobId, actionId } = await jobWaitingForApproval(client);
      await client.request('POST', `/v1/actions/${actionId}/resolve`, {
        key: 'key-a-approve',
        body: { resolution: {} },
      });
      const all = await readEvents(eventsUrl(jobId), { key: 'key-a-read' });
      const ids = all.events.map((e) => e.id);
      expect(ids.length).toBeGreaterThan(5);
      for (let k = 1; k < ids.length; k++) {
        const head = await readEvents(eventsUrl(jobId), { key: 'key-a-read', stopAfter: k });
        const tail = await readEvents(eventsUrl(jobId), {
          key: 'key-a-read',
          lastEventId: head.events.at(-1)?.id,
        });
        expect(
          [...head.events, ...tail.events].map((e) => e.id),
          `k=${k}`,
        ).toEqual(ids);
      }
    }, 60_000);

    it("a malformed Last-Event-ID is a 400 naming the header; another tenant's job a 404", async () => {
      const { jobId } = await jobWaitingForApproval(client);
      const bad = await client.request('GET', `/v1/jobs/${jobId}/events`, {
        key: 'key-a-read',
        headers: { 'last-event-id': 'x' },
      });
      expect(bad.json).toMatchObject({
        status: 400,
        code: 'VALIDATION_ERROR',
        field: 'headers.last-event-id',
      });
      const other = await readEvents(eventsUrl(jobId), { key: 'key-b-admin' });
      expect(other.status).toBe(404);
    }, 30_000);
  });
}

describe('GET /v1/jobs/:id/events, a client that leaves', () => {
  it('aborts its follower on the event log while the job still runs', async () => {
    const kernel = memoryKernel();
    const signals: AbortSignal[] = [];
    const eventLog = Object.assign(Object.create(kernel.eventLog), {
      follow: (jobId: string, options: { afterSeq?: number; signal?: AbortSignal }) => {
        if (options.signal) signals.push(options.signal);
        return kernel.eventLog.follow(jobId, options);
      },
    });
    const server = await startServer(Object.assign(Object.create(kernel), { eventLog }));
    try {
      const { jobId } = await jobWaitingForApproval(server.client);
      const head = await readEvents(`${server.url}/v1/jobs/${jobId}/events`, {
        key: 'key-a-read',
        stopAfter: 2,
      });
      expect(head.events).toHaveLength(2);
      expect(signals).toHaveLength(1);
      await waitFor(
        async () => signals[0]?.aborted,
        (aborted) => aborted === true,
        5000,
      );
      expect(
        (await server.client.request('GET', `/v1/jobs/${jobId}`, { key: 'key-a-read' })).json.status,
      ).toBe('waiting_action');
    } finally {
      await server.close();
      await kernel.shutdown();
    }
  }, 30_000);
});

describe('GET /v1/jobs/:id/events on PostgreSQL, a client that leaves', () => {
  it('holds a LISTEN connection while it follows a live job, and gives it back when the client leaves', async () => {
    const { kernel, pool, drop } = await postgresKernel('server-sse-release');
    const server = await startServer(kernel);
    try {
      const { jobId } = await jobWaitingForApproval(server.client);
      const checkedOut = () => Promise.resolve(pool.totalCount - pool.idleCount);
      await waitFor(checkedOut, (n) => n === 0, 5000); // the waiting job holds none
      const leave = new AbortController();
      const response = await fetch(`${server.url}/v1/jobs/${jobId}/events`, {
        headers: { authorization: 'Bearer key-a-read' },
        signal: leave.signal,
      });
      const reader = response.body!.getReader();
      await reader.read();
      await waitFor(checkedOut, (n) => n >= 1, 5000);
      leave.abort();
      await reader.cancel().catch(() => {});
      await waitFor(checkedOut, (n) => n === 0, 5000);
    } finally {
      await server.close();
      await drop();
    }
  }, 30_000);
});

sseSuite('in-memory kernel', async () => {
  const kernel = memoryKernel();
  return { kernel, drop: () => kernel.shutdown() };
});
sseSuite('PostgreSQL kernel (PostgreSQL event log)', () => postgresKernel('server-sse'));
