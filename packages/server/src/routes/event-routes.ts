import { parseInput } from '@agent-runtime/core';
import { SSE_HEADERS, sseStream } from '@agent-runtime/events';
import { Hono } from 'hono';
import { z } from 'zod';
import { type Authenticate, requireRole } from '../authentication';
import { NotImplementedError } from '../errors/not-implemented-error';
import type { ServerEnv } from '../server-env';

const lastEventIdSchema = z
  .string()
  .regex(/^\d+$/, 'must be the id (seq) of an event this stream sent')
  .optional();

/**
 * `GET /v1/jobs/:id/events`: the job's events from the kernel's event log as Server-Sent Events, `id:` the
 * event's seq; a client reconnecting with `Last-Event-ID` gets exactly the events after it. Resume tokens
 * are redacted. The stream ends after the job's final event.
 */
export function eventRoutes(authenticate: Authenticate, heartbeatIntervalMs: number): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.get('/jobs/:id/events', requireRole(authenticate, 'read'), async (c) => {
    const job = await c.get('scope').getJob(c.req.param('id'));
    const log = c.get('kernel').eventLog;
    if (!log) throw new NotImplementedError({ message: 'this kernel has no event log' });
    const lastEventId = parseInput(lastEventIdSchema, c.req.header('last-event-id'), 'headers.last-event-id');
    // a client that goes away cancels the body: abort the follower then, not at the job's next event
    const gone = new AbortController();
    const frames = sseStream(log, job.jobId, {
      lastEventId,
      signal: AbortSignal.any([c.req.raw.signal, gone.signal]),
      heartbeatIntervalMs,
    });
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await frames.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        gone.abort();
        await frames.return(undefined);
      },
    });
    return new Response(body, { status: 200, headers: SSE_HEADERS });
  });
  return app;
}
