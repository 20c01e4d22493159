import { expect, it } from 'vitest';
import {
  ConstraintPolicy,
  ModelPolicy,
  PolicyDecision,
  PolicyDenied,
  PolicyEngine,
  type PolicyResult,
  type PolicyRule,
  ToolPolicy,
} from './index';

async function referenceExample() {
  // --- README: policy rules ---
  const engine = new PolicyEngine();

  // Tool policies
  engine.addRule(
    new ToolPolicy({
      toolPatterns: ['file_*', 'shell_*'], // Glob patterns
      decision: 'deny',
      reason: 'Dangerous tools not allowed',
    }),
  );

  engine.addRule(
    new ToolPolicy({
      toolPatterns: ['search_*'],
      allowedScopes: ['internal', 'admin'], // Scope-based access
      decision: 'allow',
    }),
  );

  // Model policies
  engine.addRule(
    new ModelPolicy({
      modelPatterns: ['gpt-4*', 'claude-3*'],
      requireApproval: true,
      maxTokensPerRequest: 10_000,
    }),
  );

  // Constraint policies
  engine.addRule(
    new ConstraintPolicy({
      maxCostPerRequest: '1.00',
      maxTokensPerRequest: 50_000,
      maxToolCallsPerTurn: 5,
    }),
  );

  // --- README: policy evaluation ---
  const policyCtx = {
    scopeId: 'tenant-123',
    principalId: 'user-456',
    toolName: 'file_read',
    model: 'gpt-4',
    requestedTokens: 5000,
  };

  // Check specific policies
  const toolResult = await engine.checkTool('file_read', policyCtx);
  const modelResult = await engine.checkModel('gpt-4', policyCtx);
  const constraintResult = await engine.checkConstraints(policyCtx);

  // Full evaluation
  const result = await engine.evaluate(policyCtx);

  let outcome = 'allowed';
  try {
    if (result.decision === PolicyDecision.DENY) {
      throw new PolicyDenied({ reason: result.reason, violations: result.violations });
    } else if (result.decision === PolicyDecision.REQUIRE_APPROVAL) {
      // Request human approval
    }
  } catch (error) {
    if (PolicyDenied.isInstance(error)) outcome = `denied: ${error.violations.join(', ')}`;
  }
  // --- end ---
  return { toolResult, modelResult, constraintResult, result, outcome };
}

it('runs the reference example', async () => {
  const { toolResult, modelResult, constraintResult, result, outcome } = await referenceExample();
  expect(toolResult.decision).toBe('deny');
  expect(toolResult.reason).toBe('Dangerous tools not allowed');
  expect(modelResult.decision).toBe('require_approval');
  expect(constraintResult).toEqual<PolicyResult>({
    decision: 'allow',
    reason: 'All policies passed',
    violations: [],
    appliedRules: ['constraints'],
    metadata: {},
  });
  expect(result.decision).toBe('deny');
  expect(result.appliedRules).toEqual(['tool:file_*|shell_*', 'model:gpt-4*|claude-3*', 'constraints']);
  expect(result.violations).toEqual([
    'tool:file_*|shell_*: Dangerous tools not allowed',
    'model:gpt-4*|claude-3*: model gpt-4 requires approval',
  ]);
  expect(outcome).toBe(
    'denied: tool:file_*|shell_*: Dangerous tools not allowed, model:gpt-4*|claude-3*: model gpt-4 requires approval',
  );
});

it('runs the policy-set example', async () => {
  // --- README: policy sets ---
  const engine = new PolicyEngine()
    .addRule(new ToolPolicy({ toolPatterns: ['shell_*'], decision: 'deny' })) // base: always applies
    .addRule(new ToolPolicy({ toolPatterns: ['web_*'], decision: 'require_approval' }), {
      policySet: 'production@v1',
    });

  const approval = await engine.checkTool('web_fetch', {
    scopeId: 'tenant-123',
    policyRef: { name: 'production', version: 'v1', overrides: { allowWeb: true } },
  });
  // approval.decision === 'require_approval'

  // an unregistered set evaluates the base rules and warns (the default, unknownPolicySet: 'default')
  const unknown = await engine.checkTool('web_fetch', {
    scopeId: 'tenant-123',
    policyRef: { name: 'staging' },
  });
  // unknown.decision === 'warn', unknown.reason === 'unknown policy set "staging"; the default rules were evaluated'

  // or deny it
  const strict = new PolicyEngine({ unknownPolicySet: 'deny' });
  const denied = await strict.checkTool('web_fetch', {
    scopeId: 'tenant-123',
    policyRef: { name: 'staging' },
  });
  // denied.decision === 'deny', denied.reason === 'unknown policy set "staging"'
  // --- end ---
  expect(approval.decision).toBe('require_approval');
  expect(unknown.decision).toBe('warn');
  expect(unknown.reason).toBe('unknown policy set "staging"; the default rules were evaluated');
  expect(denied.decision).toBe('deny');
  expect(denied.reason).toBe('unknown policy set "staging"');
});

it('runs the custom-rule example', async () => {
  // --- README: custom rule ---
  const officeHours: PolicyRule = {
    name: 'office-hours',
    kind: 'tool', // also runs in checkTool
    evaluate: (ctx) =>
      ctx.toolName?.startsWith('deploy_') && ctx.metadata?.hourUtc !== 10
        ? { decision: 'require_approval', reason: 'deploys outside office hours need approval' }
        : undefined, // not applicable
  };
  const engine = new PolicyEngine().addRule(officeHours);
  const result = await engine.checkTool('deploy_prod', { scopeId: 'tenant-123', metadata: { hourUtc: 23 } });
  // --- end ---
  expect(result.decision).toBe('require_approval');
  expect(result.appliedRules).toEqual(['office-hours']);
});
