import {
  type Decimal,
  OperatorFailedError,
  type SerializedError,
  serializeError,
  type TokenUsage,
} from '@agent-runtime/core';
import type { AgentRole } from './agent-role';
import type { OperatorIdentity } from './operator-identity';

/** Usage of an operator run including every child it ran. */
export interface OperatorUsage extends TokenUsage {
  readonly cost: Decimal;
  readonly toolCalls: number;
}

/** The outcome of one operator run. */
export interface OperatorResult {
  /** The output: an agent's text, or whatever an aggregator / reducer / synthesizer produced. */
  readonly content: unknown;
  readonly success: boolean;
  readonly operatorName: string;
  readonly role: AgentRole;
  readonly error?: SerializedError;
  /** The child job this run was, when it ran as one. */
  readonly jobId?: string;
  /** Set by `OperatorContext.runChild`: the run's own usage plus its children's. */
  readonly usage?: OperatorUsage;
  /** Pattern-specific details (step results, transcript, failed step, …). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A successful result of `operator`. */
export function succeeded(
  operator: OperatorIdentity,
  content: unknown,
  metadata?: Record<string, unknown>,
): OperatorResult {
  return withMetadata({ content, success: true, operatorName: operator.name, role: operator.role }, metadata);
}

/** A failed result of `operator`; `error` may be any thrown value. */
export function failed(
  operator: OperatorIdentity,
  error: unknown,
  metadata?: Record<string, unknown>,
): OperatorResult {
  return withMetadata(
    {
      content: undefined,
      success: false,
      operatorName: operator.name,
      role: operator.role,
      error: serializeError(error),
    },
    metadata,
  );
}

function withMetadata(result: OperatorResult, metadata: Record<string, unknown> | undefined): OperatorResult {
  return metadata === undefined ? result : { ...result, metadata };
}

/** A failed result of `operator` carrying a child's error (the child's result stays in `metadata`). */
export function failedBecause(
  operator: OperatorIdentity,
  child: OperatorResult,
  metadata: Record<string, unknown>,
): OperatorResult {
  return {
    content: undefined,
    success: false,
    operatorName: operator.name,
    role: operator.role,
    error: child.error ?? new OperatorFailedError({ operatorName: child.operatorName }).toJSON(),
    metadata,
  };
}
