import semver from 'semver';
import { PluginDependencyError } from './plugin-dependency-error';
import type { PluginManifest } from './plugin-manifest';

/**
 * The plugin names ordered so that each comes after everything it depends on (ties keep registration order).
 * Throws PluginDependencyError for a missing dependency, a version outside the declared range, or a cycle.
 */
export function dependencyOrder(manifests: readonly PluginManifest[]): string[] {
  const byName = new Map(manifests.map((m) => [m.name, m]));
  for (const manifest of manifests) checkDependencies(manifest, byName);
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name];
      throw new PluginDependencyError({ problem: { kind: 'cycle', cycle } });
    }
    state.set(name, 'visiting');
    for (const dependency of Object.keys(byName.get(name)!.dependencies)) visit(dependency, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const manifest of manifests) visit(manifest.name, []);
  return order;
}

function checkDependencies(manifest: PluginManifest, byName: ReadonlyMap<string, PluginManifest>): void {
  for (const [dependency, range] of Object.entries(manifest.dependencies)) {
    const found = byName.get(dependency);
    if (!found)
      throw new PluginDependencyError({ problem: { kind: 'missing', plugin: manifest.name, dependency } });
    if (!semver.satisfies(found.version, range, { includePrerelease: true })) {
      throw new PluginDependencyError({
        problem: { kind: 'version', plugin: manifest.name, dependency, range, version: found.version },
      });
    }
  }
}
