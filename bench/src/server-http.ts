import { randomUUID } from 'node:crypto';
import { createServer, serve } from '@agent-runtime/server';
import { createPostgresStores } from '@agent-runtime/store-postgres';
import pg from 'pg';
import type { Benchmark } from './benchmark';
import { percentile, type Row } from './harness';
import { kernelJobs } from './kernel-overhead/kernel-job';
import { REPLY_DELTAS } from './kernel-overhead/workload';

const POSTGRES_URL = process.env.AGENT_RUNTIME_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const KEY = 'bench-key';
const CONCURRENCY = 10;

/** One request: `POST /v1/jobs`, then its SSE stream read to the final event; checks the job streamed every token. */
async function jobOverHttp(url: string): Promise<number> {
  const start = performance.now();
  const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
  const created = await fetch(`${url}/v1/jobs`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ prompt: 'What is the weather in Paris?' }),
  });
  if (created.status !== 201) throw new Error(`POST /v1/jobs: ${created.status} ${await created.text()}`);
  const { jobId } = (await created.json()) as { jobId: string };
  const stream = await (await fetch(`${url}/v1/jobs/${jobId}/events`, { headers })).text();
  const tokens = stream.match(/^event: model\.token$/gm)?.length ?? 0;
  if (!/event: final\.result\n/.test(stream) || tokens !== REPLY_DELTAS.length)
    throw new Error(`job ${jobId}: stream ended without final.result or with ${tokens} tokens`);
  return performance.now() - start;
}

/** `requests` jobs through the server, `CONCURRENCY` at a time. */
async function load(name: string, url: string, requests: number, warmup: number): Promise<Row> {
  for (let i = 0; i < warmup; i++) await jobOverHttp(url);
  const samples: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < requests) {
        next++;
        samples.push(await jobOverHttp(url));
      }
    }),
  );
  const wallMs = performance.now() - started;
  return {
    case: name,
    n: samples.length,
    concurrency: CONCURRENCY,
    'requests/s': Number(((samples.length * 1000) / wallMs).toFixed(1)),
    'p50 ms': Number(percentile(samples, 0.5).toFixed(2)),
    'p99 ms': Number(percentile(samples, 0.99).toFixed(2)),
  };
}

async function serveKernel(
  name: string,
  stores: Parameters<typeof kernelJobs>[1],
  requests: number,
  warmup: number,
) {
  const { kernel } = kernelJobs(name, stores);
  const server = await serve(
    createServer({ kernel, apiKeys: { [KEY]: { scopeId: 'tenant-bench', roles: ['submit', 'read'] } } }),
    { port: 0 },
  );
  try {
    return await load(name, server.url, requests, warmup);
  } finally {
    await server.close();
    await kernel.shutdown();
  }
}

export const serverHttp: Benchmark = {
  name: 'server-http',
  async run({ smoke }) {
    const requests = smoke ? 5 : Number(process.env.BENCH_SERVER_REQUESTS ?? 1000);
    const warmup = smoke ? 1 : 50;
    const pool = new pg.Pool({
      connectionString: POSTGRES_URL,
      max: 20,
      application_name: 'bench-server-http',
    });
    const schema = `bench_server_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    try {
      const { migrate, ...stores } = createPostgresStores(pool, { schema });
      await migrate();
      const rows = [
        await serveKernel('in-memory kernel', {}, requests, warmup),
        await serveKernel('PostgreSQL kernel (stores and event log)', stores, requests, warmup),
      ];
      return {
        title: 'Server: POST /v1/jobs → final SSE event over HTTP on 127.0.0.1',
        rows,
        notes: [
          `One request = POST /v1/jobs, then GET /v1/jobs/:id/events read to final.result, checked (every one of the ${REPLY_DELTAS.length} tokens); ${CONCURRENCY} clients at once, each starting its next job when the last ended. The job is the kernel-overhead job (one tool call, a streamed reply) on the offline mock model.`,
          'Client and server share this process (and the 2 cores with everything else on the machine), so the numbers include the client.',
        ],
      };
    } finally {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  },
};
