import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations } from './check-deps.mjs';

const core = { name: '@agent-runtime/core', dependencies: { zod: '^4' } };
const jobs = { name: '@agent-runtime/jobs', dependencies: { '@agent-runtime/core': 'workspace:*' } };

describe('dependency rules', () => {
  it('accept a clean workspace', () => {
    const redis = {
      name: '@agent-runtime/store-redis',
      dependencies: { '@agent-runtime/core': 'workspace:*' },
      peerDependencies: { ioredis: '^5' },
      devDependencies: { ioredis: '^6', '@agent-runtime/kernel': 'workspace:*' },
    };
    expect(findViolations([core, jobs, redis])).toEqual([]);
  });

  it('refuse a dependency on the kernel', () => {
    const bad = { ...jobs, dependencies: { ...jobs.dependencies, '@agent-runtime/kernel': 'workspace:*' } };
    expect(findViolations([core, bad])).toEqual([
      '@agent-runtime/jobs depends on @agent-runtime/kernel (nothing may)',
    ]);
  });

  it('refuse core depending on one of ours', () => {
    const bad = { ...core, dependencies: { '@agent-runtime/jobs': 'workspace:*' } };
    expect(findViolations([bad])).toEqual([
      '@agent-runtime/core depends on @agent-runtime/jobs (core depends on nothing of ours)',
    ]);
  });

  it('refuse a package that does not build on core', () => {
    expect(findViolations([{ name: '@agent-runtime/x', dependencies: {} }])).toEqual([
      '@agent-runtime/x does not depend on @agent-runtime/core',
    ]);
  });

  it.each(['pg', 'ioredis', 'kafkajs', '@opentelemetry/api', '@electric-sql/pglite'])(
    'refuse the client %s as a dependency',
    (client) => {
      const bad = { ...jobs, dependencies: { ...jobs.dependencies, [client]: '*' } };
      expect(findViolations([bad])).toContain(
        `@agent-runtime/jobs has third-party client ${client} in dependencies (it must be a peerDependency)`,
      );
    },
  );

  it('refuse the AI SDK outside ai-sdk, in manifests and in imports', () => {
    const bad = { ...jobs, peerDependencies: { ai: '^7' } };
    expect(findViolations([bad])).toEqual([
      '@agent-runtime/jobs depends on ai (only @agent-runtime/ai-sdk may)',
    ]);
    const sources = [
      { packageName: '@agent-runtime/kernel', file: 'k.ts', text: "import { streamText } from 'ai';" },
      { packageName: '@agent-runtime/kernel', file: 'm.ts', text: "const t = await import('ai/test');" },
      { packageName: '@agent-runtime/ai-sdk', file: 'a.ts', text: "import { streamText } from 'ai';" },
      { packageName: '@agent-runtime/kernel', file: 'ok.ts', text: "import { x } from './ai';" },
    ];
    expect(findViolations([], sources)).toEqual([
      'k.ts imports the AI SDK (only @agent-runtime/ai-sdk may)',
      'm.ts imports the AI SDK (only @agent-runtime/ai-sdk may)',
    ]);
  });
});

describe('the lint step', () => {
  const script = fileURLToPath(new URL('./check-deps.mjs', import.meta.url));
  const workspace = (manifests) => {
    const root = mkdtempSync(join(tmpdir(), 'deps-'));
    for (const manifest of manifests) {
      const dir = join(root, 'packages', manifest.name.split('/')[1]);
      mkdirSync(join(dir, 'src'), { recursive: true });
      writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
      writeFileSync(join(dir, 'src', 'index.ts'), 'export {};');
    }
    return root;
  };

  it('passes on a clean workspace and fails when a package adds a forbidden dependency', () => {
    const ok = spawnSync('node', [script, workspace([core, jobs])], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    const bad = { ...jobs, dependencies: { ...jobs.dependencies, pg: '^8' } };
    const failed = spawnSync('node', [script, workspace([core, bad])], { encoding: 'utf8' });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('@agent-runtime/jobs has third-party client pg in dependencies');
  });
});
