import { Hono } from 'hono';
import { type Authenticate, requireRole } from '../authentication';
import { readBody, readQuery } from '../request-input';
import { listActionsQuerySchema, resolveActionBodySchema, resolveByTokenBodySchema } from '../schemas';
import type { ServerEnv } from '../server-env';
import { actionView } from '../views';

/** `GET /v1/actions`, `POST /v1/actions/:id/resolve` (an approver of the scope), `POST /v1/actions/resolve` (by token). */
export function actionRoutes(authenticate: Authenticate): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();

  // the resume token is the capability: whoever holds it may resolve its action, with no API key
  app.post('/actions/resolve', async (c) => {
    const { resumeToken, resolution } = await readBody(c, resolveByTokenBodySchema);
    return c.json(actionView(await c.get('kernel').actions.resolve({ resumeToken, resolution })));
  });

  app.get('/actions', requireRole(authenticate, 'read'), async (c) => {
    const { jobId } = readQuery(c, listActionsQuerySchema);
    const actions = await c.get('scope').listPendingActions({ jobId });
    return c.json({ items: actions.map(actionView) });
  });

  app.post('/actions/:id/resolve', requireRole(authenticate, 'approve'), async (c) => {
    const { resolution } = await readBody(c, resolveActionBodySchema);
    const { principalId } = c.get('identity');
    const action = await c.get('scope').resolveAction(c.req.param('id'), resolution, { principalId });
    return c.json(actionView(action));
  });

  return app;
}
