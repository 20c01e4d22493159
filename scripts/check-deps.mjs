#!/usr/bin/env node
// Enforces DESIGN.md §1's dependency rules over every package under packages/ (of the repo, or of argv[2]).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCOPE = '@agent-runtime/';
/** Third-party clients: only ever peers (a user who installs one package gets no driver it did not ask for). */
const CLIENT =
  /^(pg|@electric-sql\/pglite|ioredis|redis|kafkajs|@confluentinc\/.+|@opentelemetry\/.+|ai|@ai-sdk\/.+)$/;
const AI_SDK = /^(ai|@ai-sdk\/.+)$/;
const IMPORTS_AI = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](ai|ai\/[^'"]+|@ai-sdk\/[^'"]+)['"]/;

/**
 * @param {{ name: string, dependencies?: object, peerDependencies?: object, devDependencies?: object }[]} manifests
 * @param {{ packageName: string, file: string, text: string }[]} sources non-test source files
 * @returns {string[]} one line per violation
 */
export function findViolations(manifests, sources = []) {
  const violations = [];
  for (const pkg of manifests) {
    const runtime = { ...pkg.dependencies, ...pkg.peerDependencies };
    const internal = Object.keys(runtime).filter((dep) => dep.startsWith(SCOPE));
    if (pkg.name !== `${SCOPE}kernel` && internal.includes(`${SCOPE}kernel`))
      violations.push(`${pkg.name} depends on @agent-runtime/kernel (nothing may)`);
    if (pkg.name === `${SCOPE}core` && internal.length)
      violations.push(`${pkg.name} depends on ${internal.join(', ')} (core depends on nothing of ours)`);
    if (pkg.name !== `${SCOPE}core` && !pkg.dependencies?.[`${SCOPE}core`])
      violations.push(`${pkg.name} does not depend on @agent-runtime/core`);
    for (const dep of Object.keys(pkg.dependencies ?? {}).filter((d) => CLIENT.test(d)))
      violations.push(
        `${pkg.name} has third-party client ${dep} in dependencies (it must be a peerDependency)`,
      );
    if (pkg.name !== `${SCOPE}ai-sdk`)
      for (const dep of Object.keys(runtime).filter((d) => AI_SDK.test(d)))
        violations.push(`${pkg.name} depends on ${dep} (only @agent-runtime/ai-sdk may)`);
  }
  for (const { packageName, file, text } of sources) {
    if (packageName !== `${SCOPE}ai-sdk` && IMPORTS_AI.test(text))
      violations.push(`${file} imports the AI SDK (only @agent-runtime/ai-sdk may)`);
  }
  return violations;
}

function readWorkspace(root) {
  const manifests = [];
  const sources = [];
  for (const dir of readdirSync(join(root, 'packages'))) {
    const pkgDir = join(root, 'packages', dir);
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    manifests.push(manifest);
    for (const file of walk(join(pkgDir, 'src')).filter((f) => !/\.test(-d)?\.ts$/.test(f)))
      sources.push({ packageName: manifest.name, file, text: readFileSync(file, 'utf8') });
  }
  return { manifests, sources };
}

function walk(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const { manifests, sources } = readWorkspace(root);
  const violations = findViolations(manifests, sources);
  for (const line of violations) console.error(`dependency rule: ${line}`);
  if (violations.length) process.exit(1);
  console.log(`dependency rules: ${manifests.length} packages ok`);
}
