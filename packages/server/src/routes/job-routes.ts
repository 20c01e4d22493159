import { parseInput } from '@agent-runtime/core';
import { encodeJobCursor } from '@agent-runtime/jobs';
import { Hono } from 'hono';
import { type Authenticate, requireRole } from '../authentication';
import { NotImplementedError } from '../errors/not-implemented-error';
import { readBody, readQuery } from '../request-input';
import {
  cancelJobBodySchema,
  createJobBodySchema,
  idempotencyKeySchema,
  listJobsQuerySchema,
} from '../schemas';
import type { ServerEnv } from '../server-env';
import { jobView } from '../views';

/** `POST /v1/jobs`, `GET /v1/jobs`, `GET /v1/jobs/:id`, `POST /v1/jobs/:id/cancel`. */
export function jobRoutes(authenticate: Authenticate): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  app.post('/jobs', requireRole(authenticate, 'submit'), async (c) => {
    const { mode, ...body } = await readBody(c, createJobBodySchema);
    const idempotencyKey = parseInput(
      idempotencyKeySchema,
      c.req.header('idempotency-key'),
      'headers.idempotency-key',
    );
    const { scopeId, principalId } = c.get('identity');
    const request = { ...body, principalId, idempotencyKey };
    if (mode === 'submit') {
      const kernel = c.get('kernel');
      if (!kernel.submit)
        throw new NotImplementedError({
          message: 'mode "submit": this kernel has no submit() (no job queue and workers)',
        });
      const submitted = await kernel.submit({ ...request, scopeId });
      return c.json(jobView(await c.get('scope').getJob(submitted.jobId)), 201);
    }
    const handle = await c.get('scope').execute(request);
    return c.json(jobView(await c.get('scope').getJob(handle.jobId)), 201);
  });

  app.get('/jobs', requireRole(authenticate, 'read'), async (c) => {
    const { limit, ...filter } = readQuery(c, listJobsQuerySchema);
    // one more than the page tells whether there is a next page
    const jobs = await c.get('scope').listJobs({ ...filter, limit: limit + 1 });
    const items = jobs.slice(0, limit);
    const last = items.at(-1);
    const nextCursor = jobs.length > limit && last ? encodeJobCursor(last) : undefined;
    return c.json({ items: items.map(jobView), ...(nextCursor ? { nextCursor } : {}) });
  });

  app.get('/jobs/:id', requireRole(authenticate, 'read'), async (c) =>
    c.json(jobView(await c.get('scope').getJob(c.req.param('id')))),
  );

  app.post('/jobs/:id/cancel', requireRole(authenticate, 'submit'), async (c) => {
    const { reason } = await readBody(c, cancelJobBodySchema);
    return c.json(jobView(await c.get('scope').cancel(c.req.param('id'), { reason })));
  });

  return app;
}
