import type { MiddlewareHandler } from 'hono';
import { ForbiddenError } from './errors/forbidden-error';
import { UnauthorizedError } from './errors/unauthorized-error';
import { hasRole, type Identity, type Role } from './identity';
import type { ServerEnv } from './server-env';

/** Who sent a request, or undefined when it carries no valid credential. */
export type Authenticate = (request: Request) => Identity | undefined | Promise<Identity | undefined>;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The Bearer token of a request, if any. */
export function bearerToken(request: Request): string | undefined {
  return BEARER.exec(request.headers.get('authorization') ?? '')?.[1];
}

/**
 * Authenticates the request (401 without a valid key), requires `role` (403), and puts the caller's
 * `kernel.forScope(scopeId)` view in the context: every tenant route reads and writes only through it.
 */
export function requireRole(authenticate: Authenticate, role: Role): MiddlewareHandler<ServerEnv> {
  return async (c, next) => {
    const identity = await authenticate(c.req.raw);
    if (!identity)
      throw new UnauthorizedError({ message: 'a valid API key is required (Authorization: Bearer <key>)' });
    if (!hasRole(identity, role))
      throw new ForbiddenError({ message: `this API key lacks the ${role} role` });
    c.set('identity', identity);
    c.set('scope', c.get('kernel').forScope(identity.scopeId));
    await next();
  };
}
