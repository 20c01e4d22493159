import {
  Decimal,
  idSchema,
  isNonNegativeInteger,
  isNonNegativeNumber,
  isStorableId,
  isStorableText,
  isUndefined,
  jsonObjectSchema,
  type MoneyInput,
  moneySchema,
  newId,
  orUndefined,
  parseInput,
  textSchema,
  withoutUndefined,
  withQuickCheck,
  withQuickFields,
} from '@agent-runtime/core';
import { z } from 'zod';
import { LEDGER_EVENT_TYPES, LedgerEventType } from './ledger-event-type';

export interface LedgerEventInit {
  /** Default: a new `led_…` id. */
  eventId?: string;
  type: LedgerEventType;
  /** Epoch ms. */
  timestamp: number;
  jobId?: string;
  runId?: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  /** @default '' */
  provider?: string;
  /** @default '' */
  model?: string;
  inputTokens?: number;
  outputTokens?: number;
  /** @default inputTokens + outputTokens */
  totalTokens?: number;
  /** @default 0 */
  cost?: MoneyInput;
  /** @default 0 */
  durationMs?: number;
  metadata?: Record<string, unknown>;
}

export interface LedgerEventJSON {
  eventId: string;
  type: LedgerEventType;
  timestamp: number;
  jobId?: string;
  runId?: string;
  scopeId: string;
  principalId?: string;
  sessionId?: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  /** Decimal as a string. */
  cost: string;
  durationMs: number;
  metadata: Record<string, unknown>;
}

/** Token counts in the AI SDK's usage shape (any field may be missing). */
export interface UsageInput {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  reasoningTokens?: number;
  cachedInputTokens?: number;
}

export type FromUsageOptions = Omit<LedgerEventInit, 'type' | 'timestamp' | keyof UsageInput> & {
  type?: LedgerEventType;
  /** Epoch ms; pass your clock's time (default Date.now()). */
  timestamp?: number;
};

const id = idSchema;
// every field has a quick check, so an event the ledger builds from validated parts costs no zod call
const optionalId = () => withQuickCheck(id.optional(), orUndefined(isStorableId));
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const countOr0 = () => withQuickCheck(count.default(0), isNonNegativeInteger);
const optionalCount = () => withQuickCheck(count.optional(), orUndefined(isNonNegativeInteger));
const textOrEmpty = () => withQuickCheck(textSchema.default(''), isStorableText);
const eventSchema = withQuickFields(
  z.strictObject({
    eventId: optionalId(),
    type: withQuickCheck(z.enum(LEDGER_EVENT_TYPES as [LedgerEventType, ...LedgerEventType[]]), (value) =>
      (LEDGER_EVENT_TYPES as readonly unknown[]).includes(value),
    ),
    timestamp: withQuickCheck(z.number().int().nonnegative(), isNonNegativeInteger),
    jobId: optionalId(),
    runId: optionalId(),
    scopeId: id,
    principalId: optionalId(),
    sessionId: optionalId(),
    provider: textOrEmpty(),
    model: textOrEmpty(),
    inputTokens: countOr0(),
    outputTokens: countOr0(),
    totalTokens: optionalCount(),
    cost: withQuickCheck(moneySchema.optional(), isUndefined),
    durationMs: withQuickCheck(z.number().nonnegative().finite().default(0), isNonNegativeNumber),
    metadata: withQuickCheck(jsonObjectSchema().optional(), isUndefined),
  }),
);
const usageSchema = withQuickFields(
  z.object({
    inputTokens: optionalCount(),
    outputTokens: optionalCount(),
    totalTokens: optionalCount(),
    reasoningTokens: optionalCount(),
    cachedInputTokens: optionalCount(),
  }),
);
const ZERO = new Decimal(0);

/** One immutable entry of the usage ledger: a model call, a tool call, or a budget warning/denial. */
export class LedgerEvent {
  readonly eventId: string;
  readonly type: LedgerEventType;
  readonly timestamp: number;
  readonly jobId?: string;
  readonly runId?: string;
  readonly scopeId: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly provider: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly totalTokens: number;
  readonly cost: Decimal;
  readonly durationMs: number;
  readonly metadata: Readonly<Record<string, unknown>>;

  constructor(init: LedgerEventInit) {
    const parsed = parseInput(eventSchema, init, 'ledgerEvent');
    this.eventId = parsed.eventId ?? newId('led');
    this.type = parsed.type;
    this.timestamp = parsed.timestamp;
    this.jobId = parsed.jobId;
    this.runId = parsed.runId;
    this.scopeId = parsed.scopeId;
    this.principalId = parsed.principalId;
    this.sessionId = parsed.sessionId;
    this.provider = parsed.provider;
    this.model = parsed.model;
    this.inputTokens = parsed.inputTokens;
    this.outputTokens = parsed.outputTokens;
    this.totalTokens = parsed.totalTokens ?? parsed.inputTokens + parsed.outputTokens;
    this.cost = parsed.cost ?? ZERO;
    this.durationMs = parsed.durationMs;
    // the parse copied the caller's metadata (jsonObjectSchema parses to a copy)
    this.metadata = Object.freeze(parsed.metadata ?? {});
    Object.freeze(this);
  }

  /**
   * A usage event from the AI SDK's usage shape `{ inputTokens, outputTokens, totalTokens, … }`. Missing counts are
   * 0, a missing total is input + output; reasoning and cached-input counts go to `metadata.usage`.
   */
  static fromUsage(usage: UsageInput, options: FromUsageOptions): LedgerEvent {
    const counts = parseInput(usageSchema, usage ?? {}, 'usage');
    const detail = usageDetail(counts.reasoningTokens, counts.cachedInputTokens);
    const metadata = detail ? { ...options.metadata, usage: detail } : options.metadata;
    return new LedgerEvent({
      ...options,
      type: options.type ?? LedgerEventType.MODEL_USAGE,
      timestamp: options.timestamp ?? Date.now(),
      inputTokens: counts.inputTokens ?? 0,
      outputTokens: counts.outputTokens ?? 0,
      totalTokens: counts.totalTokens,
      metadata,
    });
  }

  /** A copy with some fields replaced (validated like the constructor). */
  with(patch: Partial<LedgerEventInit>): LedgerEvent {
    return new LedgerEvent({ ...this.toJSON(), ...patch });
  }

  toJSON(): LedgerEventJSON {
    return withoutUndefined({
      eventId: this.eventId,
      type: this.type,
      timestamp: this.timestamp,
      jobId: this.jobId,
      runId: this.runId,
      scopeId: this.scopeId,
      principalId: this.principalId,
      sessionId: this.sessionId,
      provider: this.provider,
      model: this.model,
      inputTokens: this.inputTokens,
      outputTokens: this.outputTokens,
      totalTokens: this.totalTokens,
      cost: this.cost.toString(),
      durationMs: this.durationMs,
      metadata: { ...this.metadata },
    });
  }

  static fromJSON(json: unknown): LedgerEvent {
    return new LedgerEvent(parseInput(eventSchema.required({ eventId: true }), json, 'ledgerEvent'));
  }
}

/** The reasoning and cached-input counts that are set, or undefined when neither is. */
function usageDetail(reasoningTokens: number | undefined, cachedInputTokens: number | undefined) {
  if (reasoningTokens === undefined && cachedInputTokens === undefined) return undefined;
  const detail: { reasoningTokens?: number; cachedInputTokens?: number } = {};
  if (reasoningTokens !== undefined) detail.reasoningTokens = reasoningTokens;
  if (cachedInputTokens !== undefined) detail.cachedInputTokens = cachedInputTokens;
  return detail;
}
