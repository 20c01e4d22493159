import { functionSchema, parseInput, ValidationError, withoutUndefined } from '@agent-runtime/core';
import { z } from 'zod';
import { type PolicyContext, type PolicyContextInput, policyContext } from './policy-context';
import {
  PolicyDecision as Decision,
  mostRestrictive,
  POLICY_DECISIONS,
  type PolicyDecision,
} from './policy-decision';
import type { PolicyResult } from './policy-result';
import type { PolicyRule, PolicyRuleKind, PolicyVerdict } from './policy-rule';

/** What an evaluation does when the context's `policyRef` names a policy set that was never registered. */
export type UnknownPolicySet = 'deny' | 'default';

export interface PolicyEngineOptions {
  /** The decision when no rule applies (deny makes a default-deny engine). @default allow */
  defaultDecision?: PolicyDecision;
  /**
   * A `policyRef` naming an unregistered set: `'default'` evaluates the default (base) rules and adds a
   * `warn` verdict of rule `policyRef` (so the result is at least `warn`, with the reason); `'deny'` denies.
   * @default 'default'
   */
  unknownPolicySet?: UnknownPolicySet;
}

export interface AddRuleOptions {
  /**
   * The named policy set the rule belongs to: `name` or `name@version`, selected by a context's
   * PolicyRef `{ name, version }`. Without it the rule is a base rule that applies to every evaluation.
   */
  policySet?: string;
}

interface AppliedRule {
  readonly name: string;
  readonly verdict: PolicyVerdict;
}

const BASE = '';
const POLICY_REF_RULE = 'policyRef';

const engineOptionsSchema = z.strictObject({
  defaultDecision: z.enum(POLICY_DECISIONS as [PolicyDecision, ...PolicyDecision[]]).default(Decision.ALLOW),
  unknownPolicySet: z.enum(['deny', 'default']).default('default'),
});
const addRuleSchema = z.strictObject({
  rule: z.object({
    name: z.string().min(1),
    kind: z.enum(['tool', 'model', 'constraint']).optional(),
    evaluate: functionSchema<PolicyRule['evaluate']>(),
  }),
  policySet: z
    .string()
    .regex(/^[^@]+(@[^@]+)?$/, 'must be "name" or "name@version"')
    .optional(),
});

/**
 * Evaluates policy rules. Every rule that applies is listed in `appliedRules`, and the most restrictive
 * verdict wins (deny > require_approval > warn > allow). When no rule applies, the engine's
 * `defaultDecision` (allow unless configured) is the result. Base rules always apply; a context whose
 * `policyRef` names a set adds that set's rules; a `policyRef` naming an unknown set evaluates the base
 * rules with a warning, or is denied with `unknownPolicySet: 'deny'`.
 */
export class PolicyEngine {
  private readonly defaultDecision: PolicyDecision;
  private readonly unknownPolicySet: UnknownPolicySet;
  private readonly sets = new Map<string, PolicyRule[]>([[BASE, []]]);

  constructor(options: PolicyEngineOptions = {}) {
    const parsed = parseInput(engineOptionsSchema, options, 'policyEngine');
    this.defaultDecision = parsed.defaultDecision;
    this.unknownPolicySet = parsed.unknownPolicySet;
  }

  /** Adds a rule to the base rules or to a named policy set. Names are unique within a set. */
  addRule(rule: PolicyRule, options: AddRuleOptions = {}): this {
    const { policySet = BASE } = parseInput(addRuleSchema, { rule, ...options }, 'addRule');
    const rules = this.sets.get(policySet) ?? [];
    if (rules.some((existing) => existing.name === rule.name)) throw duplicateRule(rule.name, policySet);
    this.sets.set(policySet, [...rules, rule]);
    return this;
  }

  /** Whether a PolicyRef `{ name, version }` names a known policy set. */
  hasPolicySet(name: string, version?: string): boolean {
    return this.sets.has(setKey(name, version));
  }

  /** Runs the tool rules for `toolName` (its kind is `tool`). */
  checkTool(toolName: string, ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run({ ...ctx, toolName }, 'tool');
  }

  /** Runs the model rules for `model` (its kind is `model`). */
  checkModel(model: string, ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run({ ...ctx, model }, 'model');
  }

  /** Runs the constraint rules (kind `constraint`). */
  checkConstraints(ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, 'constraint');
  }

  /** Runs every rule, including custom rules without a kind. */
  evaluate(ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, undefined);
  }

  private async run(input: PolicyContextInput, kind: PolicyRuleKind | undefined): Promise<PolicyResult> {
    const ctx = policyContext(input);
    const ref = ctx.policyRef;
    const selected = ref && setKey(ref.name, ref.version);
    const unknown = selected !== undefined && !this.sets.has(selected);
    if (unknown && this.unknownPolicySet === 'deny') return unknownPolicySet(selected);
    const rules = [
      ...(this.sets.get(BASE) ?? []),
      ...(selected ? (this.sets.get(selected) ?? []) : []),
    ].filter((rule) => kind === undefined || rule.kind === kind);
    const verdicts = await Promise.all(rules.map((rule) => verdictOf(rule, ctx)));
    const applied = rules.flatMap((rule, i) => {
      const verdict = verdicts[i];
      return verdict ? [{ name: rule.name, verdict }] : [];
    });
    if (unknown) applied.unshift(unknownSetWarning(selected));
    return this.combine(applied, { policySet: selected, overrides: ref?.overrides });
  }

  private combine(applied: readonly AppliedRule[], context: Record<string, unknown>): PolicyResult {
    const metadata = withoutUndefined({ ...context, rules: ruleMetadata(applied) });
    if (applied.length === 0) {
      const reason = `no policy rule applied; default ${this.defaultDecision}`;
      return freeze({
        decision: this.defaultDecision,
        reason,
        violations: this.defaultDecision === Decision.ALLOW ? [] : [`default: ${reason}`],
        appliedRules: [],
        metadata,
      });
    }
    const decision = applied.reduce<PolicyDecision>(
      (acc, a) => mostRestrictive(acc, a.verdict.decision),
      'allow',
    );
    const winners = applied.filter((a) => a.verdict.decision === decision);
    return freeze({
      decision,
      reason:
        decision === Decision.ALLOW
          ? 'All policies passed'
          : winners.map((a) => a.verdict.reason ?? `${a.name}: ${decision}`).join('; '),
      violations: applied
        .filter((a) => a.verdict.decision !== Decision.ALLOW)
        .map((a) => `${a.name}: ${a.verdict.reason ?? a.verdict.decision}`),
      appliedRules: applied.map((a) => a.name),
      metadata,
    });
  }
}

function setKey(name: string, version: string | undefined): string {
  return version === undefined ? name : `${name}@${version}`;
}

async function verdictOf(rule: PolicyRule, ctx: PolicyContext): Promise<PolicyVerdict | undefined> {
  try {
    return await rule.evaluate(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { decision: Decision.DENY, reason: `rule ${rule.name} failed: ${message}` };
  }
}

function unknownPolicySet(key: string): PolicyResult {
  const reason = `unknown policy set "${key}"`;
  return freeze({
    decision: Decision.DENY,
    reason,
    violations: [`${POLICY_REF_RULE}: ${reason}`],
    appliedRules: [POLICY_REF_RULE],
    metadata: { policySet: key },
  });
}

function unknownSetWarning(key: string): AppliedRule {
  const reason = `unknown policy set "${key}"; the default rules were evaluated`;
  return { name: POLICY_REF_RULE, verdict: { decision: Decision.WARN, reason } };
}

function ruleMetadata(applied: readonly AppliedRule[]): Record<string, unknown> | undefined {
  const entries = applied.filter((a) => a.verdict.metadata).map((a) => [a.name, a.verdict.metadata]);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

function duplicateRule(name: string, policySet: string): ValidationError {
  const where = policySet === BASE ? 'the base rules' : `policy set ${policySet}`;
  const field = 'addRule.rule.name';
  return new ValidationError({
    field,
    message: `${field}: a rule named "${name}" already exists in ${where}`,
  });
}

function freeze(result: PolicyResult): PolicyResult {
  return Object.freeze({
    ...result,
    violations: Object.freeze([...result.violations]),
    appliedRules: Object.freeze([...result.appliedRules]),
    metadata: Object.freeze(result.metadata),
  });
}
