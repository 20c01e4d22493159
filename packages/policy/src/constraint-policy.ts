import { type Decimal, type MoneyInput, moneySchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { PolicyContext } from './policy-context';
import { PolicyDecision as Decision, POLICY_DECISIONS, type PolicyDecision } from './policy-decision';
import type { PolicyRule, PolicyVerdict } from './policy-rule';

export interface ConstraintPolicyOptions {
  /** Defaults to `constraints`. */
  name?: string;
  maxCostPerRequest?: MoneyInput;
  maxTokensPerRequest?: number;
  maxToolCallsPerTurn?: number;
  /** The decision when a limit is exceeded. @default deny */
  decision?: PolicyDecision;
  reason?: string;
}

const constraintPolicySchema = z
  .strictObject({
    name: z.string().min(1).optional(),
    maxCostPerRequest: moneySchema.optional(),
    maxTokensPerRequest: z.number().int().positive().optional(),
    maxToolCallsPerTurn: z.number().int().nonnegative().optional(),
    decision: z.enum(POLICY_DECISIONS as [PolicyDecision, ...PolicyDecision[]]).default(Decision.DENY),
    reason: z.string().min(1).optional(),
  })
  .refine(
    (o) =>
      o.maxCostPerRequest !== undefined ||
      o.maxTokensPerRequest !== undefined ||
      o.maxToolCallsPerTurn !== undefined,
    'needs at least one of maxCostPerRequest, maxTokensPerRequest, maxToolCallsPerTurn',
  );

/**
 * Limits on what one request may ask for. Always applies: allow when every limit holds, otherwise
 * `decision` (deny by default) naming each exceeded limit. `toolCallsThisTurn` counts the call being checked.
 */
export class ConstraintPolicy implements PolicyRule {
  readonly kind = 'constraint' as const;
  readonly name: string;
  readonly maxCostPerRequest?: Decimal;
  readonly maxTokensPerRequest?: number;
  readonly maxToolCallsPerTurn?: number;
  readonly decision: PolicyDecision;
  readonly reason?: string;

  constructor(options: ConstraintPolicyOptions) {
    const parsed = parseInput(constraintPolicySchema, options, 'constraintPolicy');
    this.name = parsed.name ?? 'constraints';
    this.maxCostPerRequest = parsed.maxCostPerRequest;
    this.maxTokensPerRequest = parsed.maxTokensPerRequest;
    this.maxToolCallsPerTurn = parsed.maxToolCallsPerTurn;
    this.decision = parsed.decision;
    this.reason = parsed.reason;
  }

  evaluate(ctx: PolicyContext): PolicyVerdict {
    const exceeded = this.exceededLimits(ctx);
    if (exceeded.length === 0) return { decision: Decision.ALLOW, reason: 'within constraints' };
    return { decision: this.decision, reason: this.reason ?? exceeded.join('; '), metadata: { exceeded } };
  }

  private exceededLimits(ctx: PolicyContext): string[] {
    const exceeded: string[] = [];
    if (this.maxCostPerRequest && ctx.requestedCost?.greaterThan(this.maxCostPerRequest))
      exceeded.push(`cost ${ctx.requestedCost} exceeds maxCostPerRequest ${this.maxCostPerRequest}`);
    if (this.maxTokensPerRequest !== undefined && (ctx.requestedTokens ?? 0) > this.maxTokensPerRequest)
      exceeded.push(`${ctx.requestedTokens} tokens exceed maxTokensPerRequest ${this.maxTokensPerRequest}`);
    if (this.maxToolCallsPerTurn !== undefined && (ctx.toolCallsThisTurn ?? 0) > this.maxToolCallsPerTurn)
      exceeded.push(
        `${ctx.toolCallsThisTurn} tool calls exceed maxToolCallsPerTurn ${this.maxToolCallsPerTurn}`,
      );
    return exceeded;
  }
}
