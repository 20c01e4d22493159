import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

const envSchema = z.object({
  DATABASE_URL: z.string().min(1, 'DATABASE_URL is required (postgres://user@host:port/db)'),
  DATABASE_SCHEMA: z.string().min(1).optional(),
  WORKER_CONCURRENCY: positiveInt.max(1000).default(4),
  WORKER_GRACE_SECONDS: z.coerce.number().nonnegative().default(30),
  WORKER_ID: z.string().min(1).max(200).optional(),
});

export type WorkerConfig = z.output<typeof envSchema>;

/** The worker's settings from the environment; a ValidationError names the variable. */
export function workerConfig(env: Record<string, string | undefined>): WorkerConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  return parseInput(envSchema, set, 'env');
}
