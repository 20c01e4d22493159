import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';

/** The position of a job in the `(createdAt, jobId)` order that JobFilter paging uses. */
export interface JobCursor {
  createdAt: number;
  jobId: string;
}

const cursorSchema = z.strictObject({ createdAt: z.number().finite(), jobId: z.string().min(1) });

/** An opaque cursor that continues a listing after `job` (pass the last job of the page you have). */
export function encodeJobCursor(job: { createdAt: number; jobId: string }): string {
  return Buffer.from(JSON.stringify({ createdAt: job.createdAt, jobId: job.jobId })).toString('base64url');
}

/** The position in a cursor; throws ValidationError (`filter.cursor`) when it is not one. */
export function decodeJobCursor(cursor: string): JobCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = undefined;
  }
  return parseInput(cursorSchema, decoded, 'filter.cursor');
}

/** Compares two jobs in ascending `(createdAt, jobId)` order. */
export function compareJobPosition(a: JobCursor, b: JobCursor): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0;
}
