import { parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { globMatcher } from './glob';
import type { PolicyContext } from './policy-context';
import { PolicyDecision as Decision, POLICY_DECISIONS, type PolicyDecision } from './policy-decision';
import type { PolicyRule, PolicyVerdict } from './policy-rule';

export interface ToolPolicyOptions {
  /** Defaults to `tool:<patterns joined by |>`. */
  name?: string;
  /** Glob patterns (picomatch) of the tool names this rule governs. */
  toolPatterns: readonly string[];
  /** When set, a matching tool called from any other scope is denied. */
  allowedScopes?: readonly string[];
  /** The decision for a matching tool (in an allowed scope). @default allow */
  decision?: PolicyDecision;
  reason?: string;
}

const toolPolicySchema = z.strictObject({
  name: z.string().min(1).optional(),
  toolPatterns: z.array(z.string().min(1)).min(1),
  allowedScopes: z.array(z.string().min(1)).min(1).optional(),
  decision: z.enum(POLICY_DECISIONS as [PolicyDecision, ...PolicyDecision[]]).default(Decision.ALLOW),
  reason: z.string().min(1).optional(),
});

/**
 * Governs tools by name. Applies only when the context names a tool matching one of `toolPatterns`:
 * outside `allowedScopes` (when given) the verdict is deny; otherwise it is `decision`.
 */
export class ToolPolicy implements PolicyRule {
  readonly kind = 'tool' as const;
  readonly name: string;
  readonly toolPatterns: readonly string[];
  readonly allowedScopes?: readonly string[];
  readonly decision: PolicyDecision;
  readonly reason?: string;
  private readonly matches: (name: string) => boolean;

  constructor(options: ToolPolicyOptions) {
    const parsed = parseInput(toolPolicySchema, options, 'toolPolicy');
    this.name = parsed.name ?? `tool:${parsed.toolPatterns.join('|')}`;
    this.toolPatterns = Object.freeze(parsed.toolPatterns);
    this.allowedScopes = parsed.allowedScopes && Object.freeze(parsed.allowedScopes);
    this.decision = parsed.decision;
    this.reason = parsed.reason;
    this.matches = globMatcher(parsed.toolPatterns);
  }

  evaluate(ctx: PolicyContext): PolicyVerdict | undefined {
    if (ctx.toolName === undefined || !this.matches(ctx.toolName)) return undefined;
    if (this.allowedScopes && !this.allowedScopes.includes(ctx.scopeId))
      return {
        decision: Decision.DENY,
        reason: `tool ${ctx.toolName} is not allowed in scope ${ctx.scopeId}`,
      };
    return { decision: this.decision, reason: this.reason ?? `tool ${ctx.toolName}: ${this.decision}` };
  }
}
