import { type ExecutionRequest, parseInput } from '@agent-runtime/core';
import type { JobStatus } from '@agent-runtime/jobs';
import { z } from 'zod';
import { executionRequestSchema } from '../execution/execution-request';

/** What `kernel.submit()` queues: an execution request, and its priority within its scope. */
export interface SubmitRequest extends ExecutionRequest {
  /**
   * Higher runs first among the scope's queued jobs (it never lets one scope pass another).
   * @default 0
   */
  priority?: number;
}

/** The queued job (or, for a used idempotency key, the job that key made, as it stands now). */
export interface SubmitResult {
  jobId: string;
  status: JobStatus;
}

const submitRequestSchema = executionRequestSchema.extend({ priority: z.number().int().safe().default(0) });

export type ValidSubmitRequest = z.output<typeof submitRequestSchema>;

/** Validates a request like `execute` does; throws ValidationError naming the field (`request.priority`). */
export function parseSubmitRequest(request: SubmitRequest): ValidSubmitRequest {
  return parseInput(submitRequestSchema, request, 'request');
}
