import { z } from 'zod';
import { deepFreeze } from '../frozen-copy';
import { newId, newSpanId, newTraceId } from '../ids';
import { jsonObjectSchema } from '../input/json-value-schema';
import { parsePatch } from '../input/parse-patch';
import { isStorableId, orUndefined } from '../input/quick-checks';
import { idSchema } from '../input/text-schemas';
import { parseInput, withQuickCheck } from '../validation';
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
// the fields `child` and `withJob` patch have quick checks
const optionalId = () => withQuickCheck(id.optional(), orUndefined(isStorableId));
const isCancellationToken = (v: unknown) => v instanceof CancellationToken;
const contextSchema = z.strictObject({
  scopeId: id,
  principalId: optionalId(),
  sessionId: optionalId(),
  runId: optionalId(),
  jobId: optionalId(),
  traceId: optionalId(),
  spanId: optionalId(),
  parentSpanId: optionalId(),
  budgets: budgetSpecSchema.default({}),
  policyRef: policyRefSchema.optional(),
  versions: runVersionsSchema.default({ schemaVersion: 1 }),
  metadata: jsonObjectSchema().default({}),
  cancellation: withQuickCheck(
    z.custom<CancellationToken>(isCancellationToken).optional(),
    orUndefined(isCancellationToken),
  ),
});
type ParsedContext = z.output<typeof contextSchema>;

const contextJSONSchema = contextSchema.omit({ cancellation: true });

/**
 * The universal, immutable context that flows through every runtime operation: identity (tenant scope,
 * principal, session, run, job), tracing ids, budgets, policy, versions, metadata and cancellation.
 * `traceId`/`spanId` are any non-empty strings (generated W3C ids when absent); the `traceparent` and the
 * OpenTelemetry export use their W3C form (`toW3CTraceId` / `toW3CSpanId`: the id itself when it already is one).
 */
export class ExecutionContext {
  readonly scopeId!: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly runId!: string;
  readonly jobId?: string;
  readonly traceId!: string;
  readonly spanId!: string;
  readonly parentSpanId?: string;
  readonly budgets!: BudgetSpec;
  readonly policyRef?: PolicyRef;
  readonly versions!: RunVersions;
  readonly metadata!: Readonly<Record<string, unknown>>;
  readonly cancellation!: CancellationToken;

  constructor(init: ExecutionContextInit) {
    fill(this, parseInput(contextSchema, init, 'context'));
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
    const traceparent = traceparentOf(this.traceId, this.spanId);
    return withoutUndefined(
      Object.assign(this.identity(), { traceparent, idempotencyKey: this.jobId, metadata: this.metadata }),
    );
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

  /** The context with `patch` applied: only the patched fields are validated (the rest already were). */
  private copy(patch: Partial<ExecutionContextInit>): ExecutionContext {
    const context = Object.create(ExecutionContext.prototype) as ExecutionContext;
    fill(context, { ...this, ...parsePatch(contextSchema.shape, patch, 'context') } as ParsedContext);
    return context;
  }
}

/** Sets a context's fields from validated ones (generated ids and a token where absent) and freezes it all. */
function fill(context: ExecutionContext, parsed: ParsedContext): void {
  Object.assign(context, {
    scopeId: parsed.scopeId,
    principalId: parsed.principalId,
    sessionId: parsed.sessionId,
    runId: parsed.runId ?? newId('run'),
    jobId: parsed.jobId,
    traceId: parsed.traceId ?? newTraceId(),
    spanId: parsed.spanId ?? newSpanId(),
    parentSpanId: parsed.parentSpanId,
    budgets: frozenRecord(parsed.budgets),
    policyRef: parsed.policyRef && frozenRecord(parsed.policyRef),
    versions: frozenRecord(parsed.versions),
    // zod's output is a copy (or the frozen value of the context copied), so freezing it in place suffices
    metadata: deepFreeze(parsed.metadata),
    cancellation: parsed.cancellation ?? new CancellationToken(),
  });
  Object.freeze(context);
}

/** `value` without its undefined keys, frozen (a frozen value, from a context copied, as it is). */
function frozenRecord<T extends object>(value: T): T {
  return Object.isFrozen(value) ? value : Object.freeze(withoutUndefined(value));
}
