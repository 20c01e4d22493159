import type { AddressInfo } from 'node:net';
import { parseInput } from '@agent-runtime/core';
import { type ServerType, serve as serveNode } from '@hono/node-server';
import { z } from 'zod';

export interface ServeOptions {
  /** 0 picks a free port (read it from `url`). @default 3000 */
  port?: number;
  /** @default '127.0.0.1' */
  hostname?: string;
}

export interface RunningServer {
  /** `http://<hostname>:<port>` as bound. */
  readonly url: string;
  readonly port: number;
  readonly server: ServerType;
  /** Stops accepting connections and closes the open ones. */
  close(): Promise<void>;
}

/** What `serve` needs of a Hono app. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

const optionsSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65_535).default(3000),
    hostname: z.string().min(1).default('127.0.0.1'),
  })
  .default({ port: 3000, hostname: '127.0.0.1' });

/**
 * Starts `app` on Node's HTTP server (`@hono/node-server`); resolves once it listens. Any Hono app, whatever its
 * Env: only its `fetch` is used.
 */
export function serve(app: FetchApp, options?: ServeOptions): Promise<RunningServer> {
  const { port, hostname } = parseInput(optionsSchema, options, 'options');
  return new Promise((resolve, reject) => {
    const server = serveNode({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      resolve({
        url: `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${info.port}`,
        port: info.port,
        server,
        close: () => closeServer(server),
      });
    });
    server.once('error', reject);
  });
}

function closeServer(server: ServerType): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
}
