import {
  type Decimal,
  ExecutionContext,
  isNonEmptyString,
  isNonNegativeInteger,
  isUndefined,
  type MoneyInput,
  moneySchema,
  orUndefined,
  type PolicyRef,
  parseInput,
  parsePatch,
  policyRefSchema,
  withoutUndefined,
  withQuickCheck,
  withQuickFields,
} from '@agent-runtime/core';
import { z } from 'zod';

/** What a policy is asked about: who (scope, principal) wants to do what (tool, model, amounts). */
export interface PolicyContext {
  readonly scopeId: string;
  readonly principalId?: string;
  readonly toolName?: string;
  readonly model?: string;
  readonly requestedTokens?: number;
  readonly requestedCost?: Decimal;
  readonly toolCallsThisTurn?: number;
  readonly policyRef?: PolicyRef;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A PolicyContext as callers write it: `requestedCost` may be a Decimal, a decimal string or a number. */
export interface PolicyContextInput extends Omit<PolicyContext, 'requestedCost'> {
  readonly requestedCost?: MoneyInput;
}

const id = withQuickCheck(z.string().min(1), isNonEmptyString);
const optionalId = () => withQuickCheck(id.optional(), orUndefined(isNonEmptyString));
const optionalCount = () =>
  withQuickCheck(z.number().int().nonnegative().optional(), orUndefined(isNonNegativeInteger));
// parsed field by field: a context with no cost and no policy ref costs zod only its metadata copy
const policyContextSchema = withQuickFields(
  z.strictObject({
    scopeId: id,
    principalId: optionalId(),
    toolName: optionalId(),
    model: optionalId(),
    requestedTokens: optionalCount(),
    requestedCost: withQuickCheck(moneySchema.optional(), isUndefined),
    toolCallsThisTurn: optionalCount(),
    policyRef: withQuickCheck(policyRefSchema.optional(), isUndefined),
    metadata: z.record(z.string(), z.unknown()).optional(),
  }),
);

/** Contexts this module built: frozen and valid, so a second check (the engine's) is skipped. */
const validated = new WeakSet<object>();

/** Validates a PolicyContext; throws core's ValidationError naming the field (`policyContext.requestedTokens`). */
export function policyContext(input: PolicyContextInput, what = 'policyContext'): PolicyContext {
  if (validated.has(input)) return input as PolicyContext;
  return validContext(parseInput(policyContextSchema, input, what));
}

/** The field a focused check names (`checkTool`, `checkModel`). */
export type AskedField = 'toolName' | 'model';

const FIELDS = Object.keys(policyContextSchema.shape) as (keyof PolicyContext)[];

/**
 * `input` with `key` set to `value`, validated as `policyContext` does; a context this module built skips the
 * second parse when `value` is valid. The fields are in the schema's order, as the parse gives them.
 */
export function policyContextWith(input: PolicyContextInput, key: AskedField, value: string): PolicyContext {
  if (!validated.has(input) || !isNonEmptyString(value)) return policyContext({ ...input, [key]: value });
  const context: Record<string, unknown> = {};
  for (const field of FIELDS) {
    const item = field === key ? value : input[field];
    if (item !== undefined) context[field] = item;
  }
  return remembered(context);
}

/** `parsed` frozen, without its undefined fields, and remembered as valid. */
function validContext(parsed: object): PolicyContext {
  return remembered(withoutUndefined(parsed));
}

function remembered(context: object): PolicyContext {
  Object.freeze(context);
  validated.add(context);
  return context as PolicyContext;
}

/** The PolicyContext of an execution: its scope, principal, policy ref and metadata, plus what is being asked. */
export function policyContextFrom(
  ctx: ExecutionContext,
  request: Omit<PolicyContextInput, 'scopeId' | 'principalId' | 'policyRef'> = {},
): PolicyContext {
  const { scopeId, principalId, policyRef, metadata } = ctx;
  const identity = { scopeId, principalId, policyRef };
  if (!(ctx instanceof ExecutionContext))
    return policyContext({
      ...identity,
      metadata: { ...metadata, ...request.metadata },
      ...withoutMetadata(request),
    });
  // an ExecutionContext was validated when it was built: only what is asked is checked here
  const asked = parsePatch(policyContextSchema.shape, request, 'policyContext');
  return validContext({ ...identity, ...asked, metadata: { ...metadata, ...asked.metadata } });
}

function withoutMetadata<T extends { metadata?: unknown }>(value: T): Omit<T, 'metadata'> {
  const { metadata: _ignored, ...rest } = value;
  return rest;
}
