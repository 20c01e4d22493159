import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { policyContext } from './policy-context';
import { ToolPolicy } from './tool-policy';

const ctx = (toolName: string | undefined, scopeId = 'tenant-1') => policyContext({ scopeId, toolName });

describe('ToolPolicy decision table', () => {
  const deny = new ToolPolicy({ toolPatterns: ['file_*', 'shell_*'], decision: 'deny', reason: 'Dangerous' });
  const scoped = new ToolPolicy({ toolPatterns: ['search_*'], allowedScopes: ['internal', 'admin'] });

  it.each([
    // rule, tool, scope, expected verdict
    [deny, 'file_read', 'tenant-1', { decision: 'deny', reason: 'Dangerous' }],
    [deny, 'shell_exec', 'tenant-1', { decision: 'deny', reason: 'Dangerous' }],
    [deny, 'search_web', 'tenant-1', undefined],
    [deny, 'my_file_read', 'tenant-1', undefined],
    [scoped, 'search_web', 'internal', { decision: 'allow', reason: 'tool search_web: allow' }],
    [scoped, 'search_web', 'admin', { decision: 'allow', reason: 'tool search_web: allow' }],
    [
      scoped,
      'search_web',
      'tenant-1',
      { decision: 'deny', reason: 'tool search_web is not allowed in scope tenant-1' },
    ],
    [scoped, 'file_read', 'tenant-1', undefined],
  ] as const)('%# %s on %s in %s', (rule, tool, scope, expected) => {
    expect(rule.evaluate(ctx(tool, scope))).toEqual(expected);
  });

  it('does not apply when the context names no tool', () => {
    expect(deny.evaluate(ctx(undefined))).toBeUndefined();
  });

  it('supports brace and character-class globs', () => {
    const rule = new ToolPolicy({ toolPatterns: ['{read,write}_file', 'db_[ab]'], decision: 'warn' });
    expect(rule.evaluate(ctx('write_file'))?.decision).toBe('warn');
    expect(rule.evaluate(ctx('db_b'))?.decision).toBe('warn');
    expect(rule.evaluate(ctx('db_c'))).toBeUndefined();
  });

  it('names itself after its patterns unless named', () => {
    expect(deny.name).toBe('tool:file_*|shell_*');
    expect(new ToolPolicy({ name: 'no-files', toolPatterns: ['file_*'] }).name).toBe('no-files');
  });

  it.each([
    [{ toolPatterns: [] }, 'toolPolicy.toolPatterns'],
    [{ toolPatterns: [''] }, 'toolPolicy.toolPatterns.0'],
    [{ toolPatterns: ['a'], decision: 'maybe' }, 'toolPolicy.decision'],
    [{ toolPatterns: ['a'], allowedScopes: [] }, 'toolPolicy.allowedScopes'],
    [{ toolPatterns: ['a'], extra: 1 }, 'toolPolicy'],
  ])('rejects bad options %# naming %s', (options, field) => {
    const error = captureError(() => new ToolPolicy(options as never));
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  });
});

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
