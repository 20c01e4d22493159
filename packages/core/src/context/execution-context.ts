import { z } from 'zod';
import { newId, newSpanId, newTraceId } from '../ids';
import { jsonObjectSchema } from '../input/json-value-schema';
import { idSchema } from '../input/text-schemas';
import { parseInput } from '../validation';
import { withoutUndefined } from '../without-undefined';
import {
  type BudgetSpec,
  type BudgetSpecInput,
  type BudgetSpecJSON,
  budgetSpecSchema,
  budgetSpecToJSON,
} from './budget-spec';
import { CancellationToken } from './cancellation-token';
import { type PolicyRef, policyRefSchema } from './policy-ref';
import type { RequestContext } from './request-context';
import { type RunVersions, type RunVersionsInput, runVersionsSchema } from './run-versions';
import { traceparentOf } from './w3c-trace-ids';

export interface ExecutionContextInit {
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  runId?: string;
  jobId?: string;
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  budgets?: BudgetSpecInput;
  policyRef?: PolicyRef;
  versions?: RunVersionsInput;
  metadata?: Record<string, unknown>;
  cancellation?: CancellationToken;
}

export interface ExecutionContextJSON {
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  runId: string;
  jobId?: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  budgets: BudgetSpecJSON;
  policyRef?: PolicyRef;
  versions: RunVersions;
  metadata: Record<string, unknown>;
}

const id = idSchema;
const contextSchema = z.strictObject({
  scopeId: id,
  principalId: id.optional(),
  sessionId: id.optional(),
  runId: id.optional(),
  jobId: id.optional(),
  traceId: id.optional(),
  spanId: id.optional(),
  parentSpanId: id.optional(),
  budgets: budgetSpecSchema.default({}),
  policyRef: policyRefSchema.optional(),
  versions: runVersionsSchema.default({ schemaVersion: 1 }),
  metadata: jsonObjectSchema().default({}),
  cancellation: z.custom<CancellationToken>((v) => v instanceof CancellationToken).optional(),
});

const contextJSONSchema = contextSchema.omit({ cancellation: true });

/**
 * The universal, immutable context that flows through every runtime operation: identity (tenant scope,
 * principal, session, run, job), tracing ids, budgets, policy, versions, metadata and cancellation.
 * `traceId`/`spanId` are any non-empty strings (generated W3C ids when absent); the `traceparent` and the
 * OpenTelemetry export use their W3C form (`toW3CTraceId` / `toW3CSpanId`: the id itself when it already is one).
 */
export class ExecutionContext {
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly runId: string;
  readonly jobId?: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly budgets: BudgetSpec;
  readonly policyRef?: PolicyRef;
  readonly versions: RunVersions;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly cancellation: CancellationToken;

  constructor(init: ExecutionContextInit) {
    const parsed = parseInput(contextSchema, init, 'context');
    this.scopeId = parsed.scopeId;
    this.principalId = parsed.principalId;
    this.sessionId = parsed.sessionId;
    this.runId = parsed.runId ?? newId('run');
    this.jobId = parsed.jobId;
    this.traceId = parsed.traceId ?? newTraceId();
    this.spanId = parsed.spanId ?? newSpanId();
    this.parentSpanId = parsed.parentSpanId;
    this.budgets = withoutUndefined(parsed.budgets);
    this.policyRef = parsed.policyRef && withoutUndefined(parsed.policyRef);
    this.versions = withoutUndefined(parsed.versions);
    this.metadata = parsed.metadata;
    this.cancellation = parsed.cancellation ?? new CancellationToken();
    Object.freeze(this);
  }

  /** A context for a nested operation: same identity and trace, a new span (by default) and a child token. */
  child({ newSpan = true }: { newSpan?: boolean } = {}): ExecutionContext {
    return this.copy({
      spanId: newSpan ? newSpanId() : this.spanId,
      parentSpanId: newSpan ? this.spanId : this.parentSpanId,
      cancellation: this.cancellation.child(),
    });
  }

  /** The same context correlated with a job (sharing the cancellation token). */
  withJob(jobId: string): ExecutionContext {
    return this.copy({ jobId });
  }

  /** A copy with some fields replaced; validated like the constructor. */
  with(patch: Partial<ExecutionContextInit>): ExecutionContext {
    return this.copy(patch);
  }

  /** The plain object handed to Layer 0 on every driver call. */
  toRequestContext(): RequestContext {
    return withoutUndefined({
      ...this.identity(),
      traceparent: traceparentOf(this.traceId, this.spanId),
      idempotencyKey: this.jobId,
      metadata: this.metadata,
    });
  }

  toJSON(): ExecutionContextJSON {
    return withoutUndefined({
      ...this.identity(),
      budgets: budgetSpecToJSON(this.budgets),
      policyRef: this.policyRef,
      versions: this.versions,
      metadata: { ...this.metadata },
    });
  }

  /** Who and where: the tenant, actor, session, run and job ids and the trace position. */
  private identity() {
    const { scopeId, principalId, sessionId, runId, jobId, traceId, spanId, parentSpanId } = this;
    return { scopeId, principalId, sessionId, runId, jobId, traceId, spanId, parentSpanId };
  }

  /** Rebuilds a context from `toJSON()` output (with a fresh, uncancelled token). */
  static fromJSON(json: unknown): ExecutionContext {
    return new ExecutionContext(parseInput(contextJSONSchema, json, 'context'));
  }

  private copy(patch: Partial<ExecutionContextInit>): ExecutionContext {
    return new ExecutionContext({
      ...this.toJSON(),
      cancellation: this.cancellation,
      ...patch,
    } as ExecutionContextInit);
  }
}
