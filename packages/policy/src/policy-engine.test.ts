import { ExecutionContext, PolicyDenied, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { ConstraintPolicy } from './constraint-policy';
import { ModelPolicy } from './model-policy';
import { policyContext, policyContextFrom } from './policy-context';
import { mostRestrictive, type PolicyDecision } from './policy-decision';
import { PolicyEngine } from './policy-engine';
import { throwIfDenied } from './policy-result';
import type { PolicyRule } from './policy-rule';
import { ToolPolicy } from './tool-policy';

const fixed = (
  name: string,
  decision: PolicyDecision | undefined,
  kind?: PolicyRule['kind'],
): PolicyRule => ({
  name,
  kind,
  evaluate: () => (decision ? { decision, reason: `${name} says ${decision}` } : undefined),
});

describe('combining decisions: most restrictive wins', () => {
  it.each([
    [['allow'], 'allow'],
    [['allow', 'warn'], 'warn'],
    [['warn', 'require_approval'], 'require_approval'],
    [['require_approval', 'allow', 'deny'], 'deny'],
    [['deny', 'warn'], 'deny'],
    [['warn', 'warn'], 'warn'],
  ] as const)('%o → %s', async (decisions, expected) => {
    const engine = new PolicyEngine();
    for (const [i, d] of decisions.entries()) engine.addRule(fixed(`r${i}`, d));
    const result = await engine.evaluate({ scopeId: 's' });
    expect(result.decision).toBe(expected);
    expect(result.appliedRules).toEqual(decisions.map((_, i) => `r${i}`));
    expect(result.violations).toEqual(
      decisions.flatMap((d, i) => (d === 'allow' ? [] : [`r${i}: r${i} says ${d}`])),
    );
  });

  it('mostRestrictive orders deny > require_approval > warn > allow', () => {
    const order: PolicyDecision[] = ['allow', 'warn', 'require_approval', 'deny'];
    for (const [i, a] of order.entries())
      for (const [j, b] of order.entries()) expect(mostRestrictive(a, b)).toBe(order[Math.max(i, j)]);
  });

  it('gives the reason of the winning rules, and "All policies passed" when all allow', async () => {
    const engine = new PolicyEngine()
      .addRule(fixed('a', 'warn'))
      .addRule(fixed('b', 'deny'))
      .addRule(fixed('c', 'deny'));
    expect((await engine.evaluate({ scopeId: 's' })).reason).toBe('b says deny; c says deny');
    const allowing = new PolicyEngine().addRule(fixed('a', 'allow'));
    expect((await allowing.evaluate({ scopeId: 's' })).reason).toBe('All policies passed');
  });

  it('leaves rules that do not apply out of appliedRules', async () => {
    const engine = new PolicyEngine().addRule(fixed('skip', undefined)).addRule(fixed('warn', 'warn'));
    const result = await engine.evaluate({ scopeId: 's' });
    expect(result.appliedRules).toEqual(['warn']);
  });
});

describe('when no rule applies', () => {
  it('allows by default', async () => {
    const result = await new PolicyEngine().evaluate({ scopeId: 's', toolName: 'anything' });
    expect(result).toEqual({
      decision: 'allow',
      reason: 'no policy rule applied; default allow',
      violations: [],
      appliedRules: [],
      metadata: {},
    });
  });

  it('uses the configured default decision', async () => {
    const engine = new PolicyEngine({ defaultDecision: 'deny' }).addRule(
      new ToolPolicy({ toolPatterns: ['search_*'] }),
    );
    expect((await engine.checkTool('search_web', { scopeId: 's' })).decision).toBe('allow');
    const denied = await engine.checkTool('file_read', { scopeId: 's' });
    expect(denied.decision).toBe('deny');
    expect(denied.violations).toEqual(['default: no policy rule applied; default deny']);
  });

  it('rejects a bad default decision', () => {
    expect(() => new PolicyEngine({ defaultDecision: 'nope' as never })).toThrow(
      'policyEngine.defaultDecision',
    );
  });
});

describe('focused checks run only their kind of rule', () => {
  const engine = new PolicyEngine()
    .addRule(new ToolPolicy({ toolPatterns: ['file_*'], decision: 'deny' }))
    .addRule(new ModelPolicy({ modelPatterns: ['gpt-4*'], requireApproval: true }))
    .addRule(new ConstraintPolicy({ maxTokensPerRequest: 100, decision: 'warn' }))
    .addRule(fixed('custom', 'deny'));
  const ctx = { scopeId: 's', toolName: 'file_read', model: 'gpt-4', requestedTokens: 500 };

  it.each([
    ['checkTool', () => engine.checkTool('file_read', ctx), 'deny', ['tool:file_*']],
    ['checkModel', () => engine.checkModel('gpt-4', ctx), 'require_approval', ['model:gpt-4*']],
    ['checkConstraints', () => engine.checkConstraints(ctx), 'warn', ['constraints']],
    [
      'evaluate',
      () => engine.evaluate(ctx),
      'deny',
      ['tool:file_*', 'model:gpt-4*', 'constraints', 'custom'],
    ],
  ] as const)('%s', async (_, run, decision, applied) => {
    const result = await run();
    expect(result.decision).toBe(decision);
    expect(result.appliedRules).toEqual(applied);
  });

  it('checkTool and checkModel check the name given, not the one in the context', async () => {
    expect((await engine.checkTool('search', ctx)).appliedRules).toEqual([]);
    expect((await engine.checkModel('gpt-5', ctx)).appliedRules).toEqual([]);
  });

  it('a custom rule with a kind joins that check', async () => {
    const withCustomTool = new PolicyEngine().addRule(fixed('tool-hours', 'warn', 'tool'));
    expect((await withCustomTool.checkTool('x', { scopeId: 's' })).decision).toBe('warn');
    expect((await withCustomTool.checkModel('m', { scopeId: 's' })).appliedRules).toEqual([]);
  });
});

describe('policy sets selected by PolicyRef', () => {
  const engine = new PolicyEngine()
    .addRule(new ToolPolicy({ name: 'no-shell', toolPatterns: ['shell_*'], decision: 'deny' }))
    .addRule(new ToolPolicy({ name: 'web-warn', toolPatterns: ['web_*'], decision: 'warn' }), {
      policySet: 'production',
    })
    .addRule(new ToolPolicy({ name: 'web-deny', toolPatterns: ['web_*'], decision: 'deny' }), {
      policySet: 'production@v2',
    });

  it('base rules apply without a ref', async () => {
    expect((await engine.checkTool('web_fetch', { scopeId: 's' })).appliedRules).toEqual([]);
    expect((await engine.checkTool('shell_exec', { scopeId: 's' })).decision).toBe('deny');
  });

  it('a ref adds its set to the base rules', async () => {
    const ref = { name: 'production' };
    const result = await engine.checkTool('web_fetch', { scopeId: 's', policyRef: ref });
    expect(result.decision).toBe('warn');
    expect(result.metadata).toEqual({ policySet: 'production' });
    expect((await engine.checkTool('shell_x', { scopeId: 's', policyRef: ref })).appliedRules).toEqual([
      'no-shell',
    ]);
  });

  it('a version selects the versioned set', async () => {
    const policyRef = { name: 'production', version: 'v2', overrides: { allowWeb: true } };
    const result = await engine.checkTool('web_fetch', { scopeId: 's', policyRef });
    expect(result.decision).toBe('deny');
    expect(result.appliedRules).toEqual(['web-deny']);
    expect(result.metadata).toEqual({ policySet: 'production@v2', overrides: { allowWeb: true } });
  });

  it.each([{ name: 'staging' }, { name: 'production', version: 'v9' }])(
    "unknownPolicySet 'deny' denies an unknown ref %o with a clear reason",
    async (policyRef) => {
      const key = policyRef.version ? `${policyRef.name}@${policyRef.version}` : policyRef.name;
      const strict = new PolicyEngine({ unknownPolicySet: 'deny' }).addRule(
        new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny' }),
      );
      const result = await strict.evaluate({ scopeId: 's', policyRef });
      expect(result).toEqual({
        decision: 'deny',
        reason: `unknown policy set "${key}"`,
        violations: [`policyRef: unknown policy set "${key}"`],
        appliedRules: ['policyRef'],
        metadata: { policySet: key },
      });
    },
  );

  it.each([{ name: 'staging' }, { name: 'production', version: 'v9' }])(
    'by default an unknown ref %o evaluates the base rules and warns',
    async (policyRef) => {
      const key = policyRef.version ? `${policyRef.name}@${policyRef.version}` : policyRef.name;
      const warning = `unknown policy set "${key}"; the default rules were evaluated`;
      const result = await engine.checkTool('web_fetch', { scopeId: 's', policyRef });
      expect(result).toEqual({
        decision: 'warn',
        reason: warning,
        violations: [`policyRef: ${warning}`],
        appliedRules: ['policyRef'],
        metadata: { policySet: key },
      });
      const shell = await engine.checkTool('shell_exec', { scopeId: 's', policyRef });
      expect(shell.decision).toBe('deny');
      expect(shell.appliedRules).toEqual(['policyRef', 'no-shell']);
    },
  );

  it('rejects an unknownPolicySet that is neither deny nor default', () => {
    expect(() => new PolicyEngine({ unknownPolicySet: 'allow' as never })).toThrow(ValidationError);
  });

  it('hands overrides to custom rules through the context', async () => {
    const allowWeb: PolicyRule = {
      name: 'web-override',
      kind: 'tool',
      evaluate: (ctx) => (ctx.policyRef?.overrides?.allowWeb ? { decision: 'allow' } : { decision: 'deny' }),
    };
    const custom = new PolicyEngine().addRule(allowWeb, { policySet: 'p' });
    const check = (allow: boolean) =>
      custom.checkTool('web', { scopeId: 's', policyRef: { name: 'p', overrides: { allowWeb: allow } } });
    expect((await check(true)).decision).toBe('allow');
    expect((await check(false)).decision).toBe('deny');
  });

  it('knows its sets', () => {
    expect(engine.hasPolicySet('production')).toBe(true);
    expect(engine.hasPolicySet('production', 'v2')).toBe(true);
    expect(engine.hasPolicySet('production', 'v3')).toBe(false);
  });
});

describe('custom rules', () => {
  it('may be async and carry metadata', async () => {
    const engine = new PolicyEngine().addRule({
      name: 'quota-service',
      evaluate: async () => ({ decision: 'warn', reason: 'near quota', metadata: { remaining: 3 } }),
    });
    const result = await engine.evaluate({ scopeId: 's' });
    expect(result.decision).toBe('warn');
    expect(result.metadata).toEqual({ rules: { 'quota-service': { remaining: 3 } } });
  });

  it('fail closed: a throwing rule denies', async () => {
    const engine = new PolicyEngine().addRule(fixed('ok', 'allow')).addRule({
      name: 'broken',
      evaluate: () => {
        throw new Error('boom');
      },
    });
    const result = await engine.evaluate({ scopeId: 's' });
    expect(result.decision).toBe('deny');
    expect(result.violations).toEqual(['broken: rule broken failed: boom']);
  });
});

describe('validation', () => {
  it('rejects a rule without a name or evaluate, and a duplicate name, changing nothing', async () => {
    const engine = new PolicyEngine().addRule(fixed('a', 'warn'));
    expect(() => engine.addRule({ name: '', evaluate: () => undefined })).toThrow('addRule.rule.name');
    expect(() => engine.addRule({ name: 'x' } as never)).toThrow('addRule.rule.evaluate');
    expect(() => engine.addRule(fixed('a', 'deny'))).toThrow(
      'a rule named "a" already exists in the base rules',
    );
    expect(() => engine.addRule(fixed('b', 'deny'), { policySet: 'a@b@c' })).toThrow('addRule.policySet');
    expect((await engine.evaluate({ scopeId: 's' })).appliedRules).toEqual(['a']);
    engine.addRule(fixed('a', 'deny'), { policySet: 'other' });
  });

  it('rejects a bad context naming the field', async () => {
    await expect(new PolicyEngine().evaluate({ scopeId: '' })).rejects.toThrow(ValidationError);
    await expect(new PolicyEngine().evaluate({ scopeId: 's', requestedTokens: -1 })).rejects.toThrow(
      'policyContext.requestedTokens',
    );
  });

  it('checks the tool name or model id of a context it built, naming the field', async () => {
    const built = policyContextFrom(new ExecutionContext({ scopeId: 's' }), { requestedTokens: 5 });
    await expect(new PolicyEngine().checkTool('', built)).rejects.toThrow('policyContext.toolName');
    await expect(new PolicyEngine().checkModel('', built)).rejects.toThrow('policyContext.model');
  });

  it('gives a rule of a built context the context a fresh parse gives', async () => {
    const seen: unknown[] = [];
    const engine = new PolicyEngine().addRule({
      name: 'spy',
      kind: 'tool',
      evaluate: (ctx) => void seen.push(ctx),
    });
    const request = { toolName: 'old', requestedTokens: 5, metadata: { turn: 1 } };
    const built = policyContextFrom(new ExecutionContext({ scopeId: 's', principalId: 'p' }), request);
    await engine.checkTool('search', built);
    await engine.checkTool('search', { ...built });
    expect(Object.isFrozen(seen[0])).toBe(true);
    expect(JSON.stringify(seen[0])).toBe(JSON.stringify(seen[1]));
    expect(seen[0]).toMatchObject({ toolName: 'search', principalId: 'p' });
  });
});

describe('helpers', () => {
  it('policyContextFrom takes identity and policy ref from an ExecutionContext', () => {
    const ctx = new ExecutionContext({
      scopeId: 'tenant-1',
      principalId: 'user-1',
      policyRef: { name: 'production' },
      metadata: { region: 'eu' },
    });
    const policyCtx = policyContextFrom(ctx, {
      toolName: 'search',
      requestedCost: '0.5',
      metadata: { turn: 2 },
    });
    const { requestedCost, ...rest } = policyCtx;
    expect(rest).toEqual({
      scopeId: 'tenant-1',
      principalId: 'user-1',
      policyRef: { name: 'production' },
      toolName: 'search',
      metadata: { region: 'eu', turn: 2 },
    });
    expect(requestedCost?.toString()).toBe('0.5');
    expect(Object.isFrozen(policyCtx)).toBe(true);
    expect({ ...policyCtx }).toEqual({
      ...policyContext({ ...rest, requestedCost: '0.5' }),
    });
  });

  it.each([
    [{ requestedTokens: -1 }, 'policyContext.requestedTokens'],
    [{ requestedCost: 'abc' }, 'policyContext.requestedCost'],
    [{ toolName: '' }, 'policyContext.toolName'],
    [{ metadata: 'x' }, 'policyContext.metadata'],
    [{ colour: 'red' }, 'policyContext.colour'],
  ])('policyContextFrom refuses the request %j naming %s', (request, field) => {
    const ctx = new ExecutionContext({ scopeId: 'tenant-1' });
    expect(() => policyContextFrom(ctx, request as never)).toThrow(
      expect.objectContaining({ name: 'ValidationError', field }),
    );
  });

  it('throwIfDenied throws PolicyDenied with the violations, and passes other results through', async () => {
    const engine = new PolicyEngine().addRule(fixed('d', 'deny'));
    const denied = await engine.evaluate({ scopeId: 's' });
    try {
      throwIfDenied(denied);
      expect.unreachable();
    } catch (error) {
      expect(PolicyDenied.isInstance(error)).toBe(true);
      expect((error as PolicyDenied).violations).toEqual(['d: d says deny']);
      expect((error as PolicyDenied).message).toBe('d says deny');
    }
    const warned = await new PolicyEngine().addRule(fixed('w', 'warn')).evaluate({ scopeId: 's' });
    expect(throwIfDenied(warned)).toBe(warned);
  });
});
