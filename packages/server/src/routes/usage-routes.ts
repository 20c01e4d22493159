import type { Clock } from '@agent-runtime/core';
import { Hono } from 'hono';
import { type Authenticate, requireRole } from '../authentication';
import { readQuery } from '../request-input';
import { usageQuerySchema } from '../schemas';
import type { ServerEnv } from '../server-env';
import { dailyWindows, dayWindow, monthWindow, type TimeWindow } from '../usage-windows';
import { usageView } from '../views';

/** `GET /v1/usage`: the scope's (or one principal's) tokens and cost in the day and month of `at`, and per day. */
export function usageRoutes(authenticate: Authenticate, clock: Clock): Hono<ServerEnv> {
  const app = new Hono<ServerEnv>();
  app.get('/usage', requireRole(authenticate, 'read'), async (c) => {
    const { principalId, at = clock.now(), days } = readQuery(c, usageQuerySchema);
    const scope = c.get('scope');
    const windowUsage = async (window: TimeWindow) => ({
      ...window,
      usage: usageView(await scope.getUsage({ principalId, ...window })),
    });
    const [day, month, daily] = await Promise.all([
      windowUsage(dayWindow(at)),
      windowUsage(monthWindow(at)),
      Promise.all(dailyWindows(at, days).map(windowUsage)),
    ]);
    const { scopeId } = c.get('identity');
    return c.json({ scopeId, ...(principalId ? { principalId } : {}), day, month, daily });
  });
  return app;
}
