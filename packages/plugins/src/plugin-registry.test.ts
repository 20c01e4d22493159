import { ExecutionContext, NotFoundError, ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { DuplicatePluginError } from './duplicate-plugin-error';
import { PluginDependencyError } from './plugin-dependency-error';
import { PluginInitializationError } from './plugin-initialization-error';
import type { PluginManifestInput } from './plugin-manifest';
import { PluginRegistry } from './plugin-registry';
import { PluginShutdownError } from './plugin-shutdown-error';
import { testPlugin } from './test-plugin';
import { ToolNameCollisionError } from './tool-name-collision-error';

const ctx = new ExecutionContext({ scopeId: 'tenant-1' });

describe('PluginRegistry registration', () => {
  it('registers, gets, lists by type and unregisters', async () => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    const tools = testPlugin(log, { name: 'tools-a' });
    const store = testPlugin(log, { name: 'store-a', type: 'storage' });
    registry.register(tools);
    registry.register(store);
    expect(registry.get('tools-a')).toBe(tools);
    expect(registry.get('nope')).toBeUndefined();
    expect(registry.getByType('storage')).toEqual([store]);
    expect(registry.list()).toEqual([tools, store]);
    await registry.unregister('tools-a');
    expect(registry.get('tools-a')).toBeUndefined();
    expect(log).toEqual([]);
  });

  it('refuses a duplicate name with a typed error, keeping the first', () => {
    const registry = new PluginRegistry();
    const first = testPlugin([], { name: 'dup' });
    registry.register(first);
    const error = (() => {
      try {
        registry.register(testPlugin([], { name: 'dup', version: '2.0.0' }));
      } catch (e) {
        return e;
      }
    })();
    expect(DuplicatePluginError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'DUPLICATE_PLUGIN', pluginName: 'dup' });
    expect(registry.get('dup')).toBe(first);
  });

  it('refuses a malformed plugin with a ValidationError naming the field', () => {
    const registry = new PluginRegistry();
    const plugin = testPlugin([], { name: 'ok' });
    expect(() => registry.register({ ...plugin, getTools: undefined } as never)).toThrow(
      expect.objectContaining({ field: 'plugin.getTools' }),
    );
    expect(() => registry.register({ ...plugin, manifest: { ...plugin.manifest, version: 'x' } })).toThrow(
      expect.objectContaining({ field: 'plugin.manifest.version' }),
    );
    expect(registry.list()).toEqual([]);
  });

  it('unregister of an unknown plugin throws NotFoundError; of an initialized one shuts it down', async () => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    await expect(registry.unregister('ghost')).rejects.toSatisfy(NotFoundError.isInstance);
    registry.register(testPlugin(log, { name: 'a' }));
    await registry.initializeAll(ctx);
    await registry.unregister('a');
    expect(log).toEqual(['init a', 'shutdown a']);
    await registry.shutdownAll();
    expect(log).toEqual(['init a', 'shutdown a']);
  });
});

describe('PluginRegistry lifecycle', () => {
  it('initializes in dependency order and shuts down in reverse', async () => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    registry.register(testPlugin(log, { name: 'app', dependencies: { cache: '^1.0.0', db: '*' } }));
    registry.register(testPlugin(log, { name: 'cache', dependencies: { db: '>=1' } }));
    registry.register(testPlugin(log, { name: 'db' }));
    registry.register(testPlugin(log, { name: 'metrics' }));
    await registry.initializeAll(ctx);
    expect(log).toEqual(['init db', 'init cache', 'init app', 'init metrics']);
    expect(registry.isInitialized('app')).toBe(true);
    log.length = 0;
    await registry.initializeAll(ctx); // already started: nothing runs twice
    expect(log).toEqual([]);
    await registry.shutdownAll();
    expect(log).toEqual(['shutdown metrics', 'shutdown app', 'shutdown cache', 'shutdown db']);
    expect(registry.isInitialized('app')).toBe(false);
  });

  it('passes the execution context to initialize', async () => {
    const registry = new PluginRegistry();
    const seen: ExecutionContext[] = [];
    registry.register({ ...testPlugin([], { name: 'a' }), initialize: (c) => void seen.push(c) });
    await registry.initializeAll(ctx);
    expect(seen).toEqual([ctx]);
    await expect(registry.initializeAll({ scopeId: 'x' } as never)).rejects.toMatchObject({
      field: 'context',
    });
  });

  it.each([
    [
      'a missing dependency',
      [{ name: 'a', dependencies: { ghost: '*' } }],
      { kind: 'missing', plugin: 'a', dependency: 'ghost' },
      'plugin a depends on ghost, which is not registered',
    ],
    [
      'a version outside the range',
      [
        { name: 'a', dependencies: { b: '^2.0.0' } },
        { name: 'b', version: '1.4.0' },
      ],
      { kind: 'version', plugin: 'a', dependency: 'b', range: '^2.0.0', version: '1.4.0' },
      'plugin a needs b@^2.0.0, but 1.4.0 is registered',
    ],
    [
      'a cycle',
      [
        { name: 'a', dependencies: { b: '*' } },
        { name: 'b', dependencies: { c: '*' } },
        { name: 'c', dependencies: { a: '*' } },
      ],
      { kind: 'cycle', cycle: ['a', 'b', 'c', 'a'] },
      'plugin dependency cycle: a -> b -> c -> a',
    ],
  ])('refuses %s before starting anything', async (_what, manifests, problem, message) => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    registry.register(testPlugin(log, { name: 'independent' }));
    for (const m of manifests as (Partial<PluginManifestInput> & { name: string })[]) {
      registry.register(testPlugin(log, m));
    }
    const error = await registry.initializeAll(ctx).catch((e: unknown) => e);
    expect(PluginDependencyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PLUGIN_DEPENDENCY', problem, message });
    expect(log).toEqual([]);
  });

  it('a failing initialize shuts down the plugins already started and names the failing one', async () => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    registry.register(testPlugin(log, { name: 'db' }));
    registry.register(testPlugin(log, { name: 'cache', dependencies: { db: '*' } }, { failShutdown: true }));
    registry.register(testPlugin(log, { name: 'broken', dependencies: { cache: '*' } }, { failInit: true }));
    registry.register(testPlugin(log, { name: 'later', dependencies: { broken: '*' } }));
    const error = await registry.initializeAll(ctx).catch((e: unknown) => e);
    expect(PluginInitializationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'PLUGIN_INITIALIZATION_FAILED',
      pluginName: 'broken',
      rolledBack: ['cache', 'db'],
      message: 'plugin broken failed to initialize: broken cannot start',
    });
    const { shutdownErrors, cause } = error as PluginInitializationError;
    expect(shutdownErrors.map((e) => e.pluginName)).toEqual(['cache']);
    expect(cause).toEqual(new Error('broken cannot start'));
    expect(log).toEqual(['init db', 'init cache', 'init broken', 'shutdown cache', 'shutdown db']);
    expect(['db', 'cache', 'broken', 'later'].some((n) => registry.isInitialized(n))).toBe(false);
  });

  it('shutdownAll asks every plugin and reports every failure', async () => {
    const log: string[] = [];
    const registry = new PluginRegistry();
    registry.register(testPlugin(log, { name: 'a' }, { failShutdown: true }));
    registry.register(testPlugin(log, { name: 'b' }));
    registry.register(testPlugin(log, { name: 'c' }, { failShutdown: true }));
    await registry.initializeAll(ctx);
    const error = await registry.shutdownAll().catch((e: unknown) => e);
    expect(PluginShutdownError.isInstance(error)).toBe(true);
    expect(log.slice(3)).toEqual(['shutdown c', 'shutdown b', 'shutdown a']);
    expect(
      (error as PluginShutdownError).errors.map((e) => [e.pluginName, (e.error as Error).message]),
    ).toEqual([
      ['c', 'c cannot stop'],
      ['a', 'a cannot stop'],
    ]);
    expect((error as Error).message).toBe('2 plugin(s) failed to shut down: c, a');
    await registry.shutdownAll(); // nothing left to stop
  });
});

describe('PluginRegistry tools', () => {
  it('collects every plugin tool in registration order', () => {
    const registry = new PluginRegistry();
    registry.register(testPlugin([], { name: 'a' }, { tools: ['search', 'analyze'] }));
    registry.register(testPlugin([], { name: 'b' }, { tools: ['export'] }));
    expect(registry.getAllTools().map((t) => t.name)).toEqual(['search', 'analyze', 'export']);
  });

  it('a tool name offered twice is a typed error naming both plugins', () => {
    const registry = new PluginRegistry();
    registry.register(testPlugin([], { name: 'a' }, { tools: ['search'] }));
    registry.register(testPlugin([], { name: 'b' }, { tools: ['search'] }));
    const error = (() => {
      try {
        registry.getAllTools();
      } catch (e) {
        return e;
      }
    })();
    expect(ToolNameCollisionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'TOOL_NAME_COLLISION',
      toolName: 'search',
      pluginNames: ['a', 'b'],
      message: 'tool search is provided by both plugin a and plugin b',
    });
    expect(error).not.toBeInstanceOf(ValidationError);
  });
});
