import {
  type Decimal,
  type ExecutionContext,
  type MoneyInput,
  moneySchema,
  type PolicyRef,
  parseInput,
  policyRefSchema,
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

const id = z.string().min(1);
const policyContextSchema = z.strictObject({
  scopeId: id,
  principalId: id.optional(),
  toolName: id.optional(),
  model: id.optional(),
  requestedTokens: z.number().int().nonnegative().optional(),
  requestedCost: moneySchema.optional(),
  toolCallsThisTurn: z.number().int().nonnegative().optional(),
  policyRef: policyRefSchema.optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

/** Contexts this module built: frozen and valid, so a second check (the engine's) is skipped. */
const validated = new WeakSet<object>();

/** Validates a PolicyContext; throws core's ValidationError naming the field (`policyContext.requestedTokens`). */
export function policyContext(input: PolicyContextInput, what = 'policyContext'): PolicyContext {
  if (validated.has(input)) return input as PolicyContext;
  const parsed = parseInput(policyContextSchema, input, what);
  const defined = Object.entries(parsed).filter(([, value]) => value !== undefined);
  const context = Object.freeze(Object.fromEntries(defined)) as unknown as PolicyContext;
  validated.add(context);
  return context;
}

/** The PolicyContext of an execution: its scope, principal, policy ref and metadata, plus what is being asked. */
export function policyContextFrom(
  ctx: ExecutionContext,
  request: Omit<PolicyContextInput, 'scopeId' | 'principalId' | 'policyRef'> = {},
): PolicyContext {
  return policyContext({
    scopeId: ctx.scopeId,
    principalId: ctx.principalId,
    policyRef: ctx.policyRef,
    metadata: { ...ctx.metadata, ...request.metadata },
    ...withoutMetadata(request),
  });
}

function withoutMetadata<T extends { metadata?: unknown }>(value: T): Omit<T, 'metadata'> {
  const { metadata: _ignored, ...rest } = value;
  return rest;
}
