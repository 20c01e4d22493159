import { NotFoundError, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { operator } from '../test-support';
import { DefaultRouter } from './default-router';

const available = ['summarizer', 'analyzer', 'general', 'coder'].map((name) => operator(name, () => name));

describe('DefaultRouter', () => {
  const router = new DefaultRouter({
    rules: [
      { operatorName: 'summarizer', keywords: ['summarize', 'summary', 'brief'], priority: 10 },
      { operatorName: 'analyzer', keywords: ['analyze', 'analysis'], priority: 5 },
    ],
    defaultOperator: 'general',
  });

  it('routes by keyword (the reference example)', async () => {
    const decision = await router.route({ prompt: 'Please summarize this...' }, available);
    expect(decision).toMatchObject({ operatorName: 'summarizer', confidence: 1 });
    expect(decision.reasoning).toContain('summarize');
  });

  it('prefers the higher priority when several rules match', async () => {
    expect(
      (await router.route({ prompt: 'Analyze, then give a brief SUMMARY' }, available)).operatorName,
    ).toBe('summarizer');
  });

  it('falls back to the default operator', async () => {
    expect(await router.route({ text: 'hello' }, available)).toMatchObject({
      operatorName: 'general',
      confidence: 0,
    });
  });

  it('skips rules whose operator is not available, and throws NotFoundError when nothing fits', async () => {
    const onlyAnalyzer = available.filter((o) => o.name === 'analyzer');
    expect((await router.route({ prompt: 'summarize and analyze' }, onlyAnalyzer)).operatorName).toBe(
      'analyzer',
    );
    await expect(router.route({ prompt: 'hello' }, onlyAnalyzer)).rejects.toSatisfy(NotFoundError.isInstance);
  });

  it('matches regex patterns and breaks ties by match count, then rule order', async () => {
    const tied = new DefaultRouter({
      rules: [
        { operatorName: 'analyzer', keywords: ['code'], priority: 1 },
        {
          operatorName: 'coder',
          keywords: ['code'],
          patterns: [/\bfix(es)?\b/i, 'stack ?trace'],
          priority: 1,
        },
        { operatorName: 'summarizer', keywords: ['code'], priority: 1 },
      ],
    });
    expect((await tied.route({ prompt: 'fix this code' }, available)).operatorName).toBe('coder');
    expect((await tied.route({ prompt: 'some code' }, available)).operatorName).toBe('analyzer');
    expect((await tied.route({ prompt: 'Stack trace in code' }, available)).metadata).toMatchObject({
      ruleIndex: 1,
    });
  });

  it('validates its rules', () => {
    for (const [rules, field] of [
      [[{ operatorName: '', keywords: ['x'] }], 'options.rules.0.operatorName'],
      [[{ operatorName: 'a' }], 'options.rules.0'],
      [[{ operatorName: 'a', patterns: ['('] }], 'options.rules.0.patterns.0'],
    ] as const) {
      try {
        new DefaultRouter({ rules: rules as never });
        expect.unreachable();
      } catch (error) {
        expect(ValidationError.isInstance(error) && error.field).toBe(field);
      }
    }
  });
});
