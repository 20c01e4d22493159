/** The plain object handed to Layer 0 on every driver call: identity, tracing and idempotency. */
export interface RequestContext {
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly runId: string;
  readonly jobId?: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** W3C `traceparent` header value for provider calls (from the W3C form of `traceId` and `spanId`). */
  readonly traceparent: string;
  /** The job id, passed to providers that accept an idempotency key. */
  readonly idempotencyKey?: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}
