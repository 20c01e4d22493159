import {
  type Clock,
  functionSchema,
  implementing,
  NotFoundError,
  parseInput,
  systemClock,
} from '@agent-runtime/core';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { type ApiKeys, ApiKeyTable, apiKeysFromEnv } from './api-keys';
import { type Authenticate, bearerToken } from './authentication';
import { PayloadTooLargeError } from './errors/payload-too-large-error';
import { openApiDocument } from './openapi';
import { problemResponse } from './problem';
import { actionRoutes } from './routes/action-routes';
import { eventRoutes } from './routes/event-routes';
import { healthRoutes } from './routes/health-routes';
import { jobRoutes } from './routes/job-routes';
import { usageRoutes } from './routes/usage-routes';
import type { ServerEnv } from './server-env';
import type { ServerKernel } from './server-kernel';

export interface ServerOptions {
  /** The kernel (a `RuntimeKernel`); every tenant route goes through `kernel.forScope(scopeId of the key)`. */
  kernel: ServerKernel;
  /**
   * API keys (plaintext, or `sha256:<hex>`) and who each is; held only hashed.
   * @default apiKeysFromEnv() (the JSON in `AGENT_RUNTIME_API_KEYS`) unless `authenticate` is given
   */
  apiKeys?: ApiKeys;
  /** Your own authentication instead of `apiKeys`: the request → its identity, or undefined (401). */
  authenticate?: Authenticate;
  /** Requests with a larger body are refused with 413 `PAYLOAD_TOO_LARGE`. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** A directory of static files (the console's build) served at `/`, `index.html` for unknown paths. @default none */
  staticDir?: string;
  /** How long `/readyz` waits for the stores. @default 5000 */
  readyTimeoutMs?: number;
  /** A comment frame after this much SSE silence, so proxies keep the stream open; 0 disables. @default 15000 */
  sseHeartbeatMs?: number;
  /** Where `/v1/usage` reads "now". @default systemClock */
  clock?: Clock;
  /**
   * Called with each error answered as a 500 (one that is not an `AgentRuntimeError`; the answer hides its
   * message). @default console.error
   */
  onInternalError?: (error: unknown, request: Request) => void;
}

const optionsSchema = z
  .strictObject({
    kernel: implementing<ServerKernel>('forScope'),
    apiKeys: z.record(z.string(), z.unknown()).optional(),
    authenticate: functionSchema<Authenticate>().optional(),
    maxBodyBytes: z.number().int().positive().default(1_048_576),
    staticDir: z.string().min(1).optional(),
    readyTimeoutMs: z.number().int().positive().default(5000),
    sseHeartbeatMs: z.number().int().nonnegative().default(15_000),
    clock: z
      .custom<Clock>((v) => typeof (v as Clock | undefined)?.now === 'function', 'must be a Clock')
      .optional(),
    onInternalError: z
      .custom<(error: unknown, request: Request) => void>(
        (v) => typeof v === 'function',
        'must be a function',
      )
      .optional(),
  })
  .refine((o) => !(o.apiKeys && o.authenticate), {
    message: 'give apiKeys or authenticate, not both',
    path: ['authenticate'],
  });

function authenticatorOf(options: { apiKeys?: ApiKeys; authenticate?: Authenticate }): Authenticate {
  if (options.authenticate) return options.authenticate;
  const table = new ApiKeyTable(options.apiKeys ?? apiKeysFromEnv());
  return (request) => {
    const key = bearerToken(request);
    return key === undefined ? undefined : table.lookup(key);
  };
}

/**
 * The runtime over HTTP: a Hono app (serve it with `serve(app)`, or mount it in your own Hono app). JSON routes
 * under `/v1`, errors as RFC 9457 problem+json with the typed `code`, `/openapi.json`, `/healthz`, `/readyz`.
 */
export function createServer(options: ServerOptions): Hono<ServerEnv> {
  const parsed = parseInput(optionsSchema, options, 'options');
  const authenticate = authenticatorOf({ apiKeys: options.apiKeys, authenticate: parsed.authenticate });
  const app = new Hono<ServerEnv>();
  const onInternalError = parsed.onInternalError ?? ((error: unknown) => console.error(error));
  app.onError((error, c) => {
    const response = problemResponse(error);
    if (response.status === 500) onInternalError(error, c.req.raw);
    return response;
  });
  app.use(async (c, next) => {
    c.set('kernel', parsed.kernel);
    await next();
  });
  app.use(
    bodyLimit({
      maxSize: parsed.maxBodyBytes,
      onError: () => {
        throw new PayloadTooLargeError({ message: `the body exceeds ${parsed.maxBodyBytes} bytes` });
      },
    }),
  );
  app.route('/v1', jobRoutes(authenticate));
  app.route('/v1', eventRoutes(authenticate, parsed.sseHeartbeatMs));
  app.route('/v1', actionRoutes(authenticate));
  app.route('/v1', usageRoutes(authenticate, parsed.clock ?? systemClock));
  app.route('/', healthRoutes(parsed.readyTimeoutMs));
  const document = openApiDocument();
  app.get('/openapi.json', (c) => c.json(document));
  app.all('/v1/*', (c) => {
    throw new NotFoundError({ resource: 'route', id: `${c.req.method} ${c.req.path}` });
  });
  if (parsed.staticDir) {
    app.use('*', serveStatic({ root: parsed.staticDir }));
    app.get('*', serveStatic({ root: parsed.staticDir, path: 'index.html' }));
  }
  app.notFound((c) =>
    problemResponse(new NotFoundError({ resource: 'route', id: `${c.req.method} ${c.req.path}` })),
  );
  return app;
}
