import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

export interface WorkerOptions {
  /**
   * At most this many claimed jobs run at once in this worker (a job waiting for an action does not count).
   * @default 1
   */
  concurrency?: number;
  /**
   * Without a wake-up, the worker claims again after a random delay between this and twice this (jittered, so
   * workers do not poll in step).
   * @default 1
   */
  pollSeconds?: number;
  /**
   * Claim at once when the queue signals an enqueue (`JobQueue.watch`: LISTEN/NOTIFY for PostgreSQL); false
   * polls only.
   * @default true
   */
  listen?: boolean;
}

const workerOptionsSchema = z.strictObject({
  concurrency: z.number().int().positive().max(1000).default(1),
  pollSeconds: z.number().positive().max(3600).default(1),
  listen: z.boolean().default(true),
});

export type ValidWorkerOptions = z.output<typeof workerOptionsSchema>;

/** Validates worker options; throws ValidationError naming the field (`options.concurrency`). */
export function parseWorkerOptions(options: WorkerOptions): ValidWorkerOptions {
  return parseInput(workerOptionsSchema, options, 'options');
}

const stopOptionsSchema = z.strictObject({ graceSeconds: z.number().nonnegative().finite().default(30) });

export interface WorkerStopOptions {
  /**
   * How long running jobs may take to finish before they are handed back to the queue.
   * @default 30
   */
  graceSeconds?: number;
}

export function parseStopOptions(options: WorkerStopOptions): { graceSeconds: number } {
  return parseInput(stopOptionsSchema, options, 'options');
}
