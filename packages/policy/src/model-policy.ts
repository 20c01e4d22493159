import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { globMatcher } from './glob';
import type { PolicyContext } from './policy-context';
import { PolicyDecision as Decision, POLICY_DECISIONS, type PolicyDecision } from './policy-decision';
import type { PolicyRule, PolicyVerdict } from './policy-rule';

export interface ModelPolicyOptions {
  /** Defaults to `model:<patterns joined by |>`. */
  name?: string;
  /** Glob patterns (picomatch) of the model ids this rule governs. */
  modelPatterns: readonly string[];
  /** A matching model needs human approval. */
  requireApproval?: boolean;
  /** A request for a matching model asking for more tokens than this is denied. */
  maxTokensPerRequest?: number;
  /** The decision for a matching model that breaks no limit and needs no approval. @default allow */
  decision?: PolicyDecision;
  reason?: string;
}

const modelPolicySchema = z.strictObject({
  name: z.string().min(1).optional(),
  modelPatterns: z.array(z.string().min(1)).min(1),
  requireApproval: z.boolean().default(false),
  maxTokensPerRequest: z.number().int().positive().optional(),
  decision: z.enum(POLICY_DECISIONS as [PolicyDecision, ...PolicyDecision[]]).default(Decision.ALLOW),
  reason: z.string().min(1).optional(),
});

/**
 * Governs models by id. Applies only when the context names a model matching `modelPatterns`: more
 * `requestedTokens` than `maxTokensPerRequest` → deny; else `requireApproval` → require_approval; else `decision`.
 */
export class ModelPolicy implements PolicyRule {
  readonly kind = 'model' as const;
  readonly name: string;
  readonly modelPatterns: readonly string[];
  readonly requireApproval: boolean;
  readonly maxTokensPerRequest?: number;
  readonly decision: PolicyDecision;
  readonly reason?: string;
  private readonly matches: (name: string) => boolean;

  constructor(options: ModelPolicyOptions) {
    const parsed = parseInput(modelPolicySchema, options, 'modelPolicy');
    this.name = parsed.name ?? `model:${parsed.modelPatterns.join('|')}`;
    this.modelPatterns = Object.freeze(parsed.modelPatterns);
    this.requireApproval = parsed.requireApproval;
    this.maxTokensPerRequest = parsed.maxTokensPerRequest;
    this.decision = parsed.decision;
    this.reason = parsed.reason;
    this.matches = globMatcher(parsed.modelPatterns);
  }

  evaluate(ctx: PolicyContext): PolicyVerdict | undefined {
    if (ctx.model === undefined || !this.matches(ctx.model)) return undefined;
    const requested = ctx.requestedTokens ?? 0;
    if (this.maxTokensPerRequest !== undefined && requested > this.maxTokensPerRequest)
      return {
        decision: Decision.DENY,
        reason: `model ${ctx.model}: ${requested} tokens requested, at most ${this.maxTokensPerRequest} allowed`,
      };
    if (this.requireApproval)
      return {
        decision: Decision.REQUIRE_APPROVAL,
        reason: this.reason ?? `model ${ctx.model} requires approval`,
      };
    return { decision: this.decision, reason: this.reason ?? `model ${ctx.model}: ${this.decision}` };
  }
}
