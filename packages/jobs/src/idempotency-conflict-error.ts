import { AgentRuntimeError, ErrorCode } from '@agent-runtime/core';

const name = 'IdempotencyConflictError';
const marker = `agent-runtime.error.${name}`;
const symbol = Symbol.for(marker);

/** A job with the same jobId, or the same `(scopeId, idempotencyKey)`, already exists. */
export class IdempotencyConflictError extends AgentRuntimeError<typeof ErrorCode.IDEMPOTENCY_CONFLICT> {
  private readonly [symbol] = true;
  readonly existingJobId: string;
  constructor({
    existingJobId,
    message,
    cause,
  }: { existingJobId: string; message?: string; cause?: unknown }) {
    super({
      name,
      code: ErrorCode.IDEMPOTENCY_CONFLICT,
      message: message ?? `job ${existingJobId} already exists with this id or idempotency key`,
      cause,
    });
    this.existingJobId = existingJobId;
  }

  static override isInstance(error: unknown): error is IdempotencyConflictError {
    return AgentRuntimeError.hasMarker(error, marker);
  }
}
