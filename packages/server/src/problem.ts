import { AgentRuntimeError, ErrorCode, ValidationError } from '@agent-runtime/core';

/** The HTTP status of each typed error `code`; any other error is a 500 `INTERNAL_ERROR`. */
const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  VALIDATION_ERROR: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_RESUME_TOKEN: 404,
  INVALID_TRANSITION: 409,
  CONCURRENT_MODIFICATION: 409,
  IDEMPOTENCY_CONFLICT: 409,
  RESUME_TOKEN_USED: 409,
  ACTION_CANCELLED: 409,
  ACTION_EXPIRED: 410,
  PAYLOAD_TOO_LARGE: 413,
  NOT_IMPLEMENTED: 501,
  NOT_READY: 503,
  KERNEL_SHUT_DOWN: 503,
};

/** An RFC 9457 problem detail, with the typed error's `code` (and `field` for a ValidationError). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  field?: string;
  issues?: readonly { field: string; message: string }[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemOf(error: unknown): Problem {
  if (!AgentRuntimeError.isInstance(error))
    return {
      type: 'about:blank',
      title: 'Error',
      status: 500,
      detail: 'internal error',
      code: ErrorCode.INTERNAL_ERROR,
    };
  const status = STATUS_BY_CODE[error.code] ?? 500;
  const problem: Problem = {
    type: 'about:blank',
    title: error.name,
    status,
    detail: error.message,
    code: error.code,
  };
  if (ValidationError.isInstance(error)) return { ...problem, field: error.field, issues: error.issues };
  return problem;
}

export function problemResponse(error: unknown): Response {
  const problem = problemOf(error);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE },
  });
}
