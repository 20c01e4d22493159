import { Hono } from 'hono';
import { NotReadyError } from '../errors/not-ready-error';
import type { ServerEnv } from '../server-env';

/** The scope the readiness probe reads through: it touches every store and sees no tenant's data. */
const PROBE_SCOPE = 'agent-runtime:readyz';

/** `GET /healthz` (the process answers), `GET /readyz` (the job, action and usage stores answer). */
export function healthRoutes(readyTimeoutMs: number): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    const scope = c.get('kernel').forScope(PROBE_SCOPE);
    const probe = Promise.all([scope.listJobs({ limit: 1 }), scope.listPendingActions(), scope.getUsage()]);
    probe.catch(() => {}); // when the timeout wins, the probe's own failure is not news
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${readyTimeoutMs} ms`)), readyTimeoutMs);
    });
    try {
      await Promise.race([probe, timeout]);
    } catch (cause) {
      // the cause stays on the error, out of the unauthenticated answer
      throw new NotReadyError({ message: 'a store did not answer', cause });
    } finally {
      clearTimeout(timer);
    }
    return c.json({ status: 'ok' });
  });
  return app;
}
