import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { pluginManifest } from './plugin-manifest';

const valid = { name: 'my-tools', version: '1.0.0', type: 'tools' as const, description: 'Custom tools' };

describe('pluginManifest', () => {
  it('fills defaults and freezes the result', () => {
    const manifest = pluginManifest(valid);
    expect(manifest).toEqual({ ...valid, capabilities: [], dependencies: {} });
    expect(Object.isFrozen(manifest)).toBe(true);
    expect(Object.isFrozen(manifest.capabilities)).toBe(true);
  });

  it.each([
    [{ name: 'My Tools' }, 'manifest.name'],
    [{ version: '1.0' }, 'manifest.version'],
    [{ type: 'widgets' }, 'manifest.type'],
    [{ description: '' }, 'manifest.description'],
    [{ capabilities: ['Search'] }, 'manifest.capabilities.0'],
    [{ capabilities: ['a', 'a'] }, 'manifest.capabilities'],
    [{ dependencies: { base: 'not a range' } }, 'manifest.dependencies.base'],
    [{ dependencies: { 'my-tools': '*' } }, 'manifest.dependencies.my-tools'],
    [{ extra: true }, 'manifest'],
  ])('rejects %o with a ValidationError naming %s', (patch, field) => {
    expect(() => pluginManifest({ ...valid, ...patch } as never)).toThrow(ValidationError);
    expect(() => pluginManifest({ ...valid, ...patch } as never)).toThrow(expect.objectContaining({ field }));
  });

  it('accepts scoped names, prerelease versions and ranges', () => {
    expect(
      pluginManifest({
        ...valid,
        name: '@acme/search',
        version: '2.0.0-beta.1',
        dependencies: { base: '^1.2.0 || 2.x' },
      }).name,
    ).toBe('@acme/search');
  });
});
