import { NotFoundError, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import { contentText } from '../context/content-text';
import type { Operator, OperatorInput } from '../context/operator-context';
import type { Router, RoutingDecision } from './router';

/** Routes to `operatorName` when the input contains any keyword (case-insensitive) or matches any pattern. */
export interface RoutingRule {
  operatorName: string;
  keywords?: readonly string[];
  patterns?: readonly (RegExp | string)[];
  /** Higher wins. Defaults to 0. */
  priority?: number;
}

export interface DefaultRouterOptions {
  rules: readonly RoutingRule[];
  /** Chosen when no rule matches. */
  defaultOperator?: string;
}

const ruleSchema = z
  .strictObject({
    operatorName: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    patterns: z
      .array(
        z.union([
          z.instanceof(RegExp),
          z.string().min(1).refine(isRegExp, 'must be a valid regular expression'),
        ]),
      )
      .default([]),
    priority: z.number().finite().default(0),
  })
  .refine((rule) => rule.keywords.length + rule.patterns.length > 0, 'needs at least one keyword or pattern')
  .transform((rule) => ({ ...rule, patterns: rule.patterns.map(toRegExp) }));

const routerSchema = z.strictObject({
  rules: z.array(ruleSchema),
  defaultOperator: z.string().min(1).optional(),
});

type CompiledRule = z.output<typeof ruleSchema>;

/**
 * Keyword and regex routing. The text routed on is `input.prompt`, else `input.text`, else the input as JSON.
 * Among matching rules whose operator is available, the highest priority wins; ties go to the rule with more
 * matches (keywords + patterns), then to the rule listed first. Confidence is 1 for a rule, 0 for the default.
 */
export class DefaultRouter implements Router {
  private readonly rules: readonly CompiledRule[];
  readonly defaultOperator?: string;

  constructor(options: DefaultRouterOptions) {
    const parsed = parseInput(routerSchema, options, 'options');
    this.rules = parsed.rules;
    this.defaultOperator = parsed.defaultOperator;
  }

  async route(input: OperatorInput, availableOperators: readonly Operator[]): Promise<RoutingDecision> {
    const text = routedText(input);
    const available = new Set(availableOperators.map((o) => o.name));
    let best: { rule: CompiledRule; matches: string[]; index: number } | undefined;
    for (const [index, rule] of this.rules.entries()) {
      if (!available.has(rule.operatorName)) continue;
      const matches = matchesOf(rule, text);
      if (matches.length === 0) continue;
      if (
        !best ||
        rule.priority > best.rule.priority ||
        (rule.priority === best.rule.priority && matches.length > best.matches.length)
      )
        best = { rule, matches, index };
    }
    if (best)
      return {
        operatorName: best.rule.operatorName,
        confidence: 1,
        reasoning: `rule ${best.index} matched ${best.matches.join(', ')} (priority ${best.rule.priority})`,
        metadata: { ruleIndex: best.index, matched: best.matches },
      };
    if (this.defaultOperator !== undefined && available.has(this.defaultOperator))
      return {
        operatorName: this.defaultOperator,
        confidence: 0,
        reasoning: 'no rule matched: default operator',
      };
    throw new NotFoundError({
      resource: 'operator',
      id: this.defaultOperator ?? '(no rule matched and no default)',
    });
  }
}

function routedText(input: OperatorInput): string {
  if (typeof input.prompt === 'string') return input.prompt;
  if (typeof input.text === 'string') return input.text;
  return contentText(input);
}

function matchesOf(rule: CompiledRule, text: string): string[] {
  const lower = text.toLowerCase();
  const keywords = rule.keywords.filter((k) => lower.includes(k.toLowerCase()));
  const patterns = rule.patterns.filter((p) => new RegExp(p.source, p.flags.replace('g', '')).test(text));
  return [...keywords, ...patterns.map(String)];
}

function toRegExp(pattern: RegExp | string): RegExp {
  return typeof pattern === 'string' ? new RegExp(pattern, 'i') : pattern;
}

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}
