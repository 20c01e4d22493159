import { functionSchema, type PolicyRef, parseInput, ValidationError } from '@agent-runtime/core';
import { z } from 'zod';
import {
  type AskedField,
  type PolicyContext,
  type PolicyContextInput,
  policyContext,
  policyContextWith,
} from './policy-context';
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

type RulesByKind = Readonly<Record<PolicyRuleKind | typeof ALL, readonly PolicyRule[]>>;

const BASE = '';
const ALL = 'all';
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
  /** The rules a check runs, by selected set and kind: worked out once, forgotten when a rule is added. */
  private readonly selections = new Map<string, RulesByKind>();

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
    this.selections.clear();
    return this;
  }

  /** Whether a PolicyRef `{ name, version }` names a known policy set. */
  hasPolicySet(name: string, version?: string): boolean {
    return this.sets.has(setKey(name, version));
  }

  /** Runs the tool rules for `toolName` (its kind is `tool`). */
  checkTool(toolName: string, ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, 'tool', 'toolName', toolName);
  }

  /** Runs the model rules for `model` (its kind is `model`). */
  checkModel(model: string, ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, 'model', 'model', model);
  }

  /** Runs the constraint rules (kind `constraint`). */
  checkConstraints(ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, 'constraint');
  }

  /** Runs every rule, including custom rules without a kind. */
  evaluate(ctx: PolicyContextInput): Promise<PolicyResult> {
    return this.run(ctx, undefined);
  }

  private async run(
    input: PolicyContextInput,
    kind: PolicyRuleKind | undefined,
    asked?: AskedField,
    name?: string,
  ): Promise<PolicyResult> {
    const ctx = asked === undefined ? policyContext(input) : policyContextWith(input, asked, name as string);
    const ref = ctx.policyRef;
    const selected = ref && setKey(ref.name, ref.version);
    const unknown = selected !== undefined && !this.sets.has(selected);
    if (unknown && this.unknownPolicySet === 'deny') return unknownPolicySet(selected);
    const rules = this.rulesFor(unknown || selected === undefined ? BASE : selected, kind);
    const verdicts = await Promise.all(rules.map((rule) => verdictOf(rule, ctx)));
    const applied = rules.flatMap((rule, i) => {
      const verdict = verdicts[i];
      return verdict ? [{ name: rule.name, verdict }] : [];
    });
    if (unknown) applied.unshift(unknownSetWarning(selected));
    return this.combine(applied, resultMetadata(selected, ref?.overrides, applied));
  }

  /** The base rules plus those of the known set `set` (BASE for none) of `kind`. */
  private rulesFor(set: string, kind: PolicyRuleKind | undefined): readonly PolicyRule[] {
    let byKind = this.selections.get(set);
    if (!byKind) {
      byKind = groupByKind(this.sets.get(BASE) ?? [], set === BASE ? [] : (this.sets.get(set) ?? []));
      this.selections.set(set, byKind);
    }
    return byKind[kind ?? ALL];
  }

  private combine(applied: readonly AppliedRule[], metadata: Record<string, unknown>): PolicyResult {
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

function groupByKind(base: readonly PolicyRule[], added: readonly PolicyRule[]): RulesByKind {
  const all = [...base, ...added];
  const ofKind = (kind: PolicyRuleKind) => all.filter((rule) => rule.kind === kind);
  return { all, tool: ofKind('tool'), model: ofKind('model'), constraint: ofKind('constraint') };
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

function resultMetadata(
  policySet: string | undefined,
  overrides: PolicyRef['overrides'],
  applied: readonly AppliedRule[],
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  if (policySet !== undefined) metadata.policySet = policySet;
  if (overrides !== undefined) metadata.overrides = overrides;
  const rules = ruleMetadata(applied);
  if (rules !== undefined) metadata.rules = rules;
  return metadata;
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

/** Freezes `result` and its arrays and metadata, which every caller builds fresh. */
function freeze(result: PolicyResult): PolicyResult {
  Object.freeze(result.violations);
  Object.freeze(result.appliedRules);
  Object.freeze(result.metadata);
  return Object.freeze(result);
}
