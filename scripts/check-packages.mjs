#!/usr/bin/env node
// The packaging check: for every package, `pnpm pack`, install the tarball alone (with the tarballs of the
// agent-runtime packages it depends on, since those are not on the registry) into an empty project, import it
// from ESM and from CJS; then publint --strict and are-the-types-wrong on the same tarball.
// Usage: node scripts/check-packages.mjs [package-dir-name …]   (packages must be built first)
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);

const manifests = new Map(
  readdirSync(join(root, 'packages')).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', dir, 'package.json'), 'utf8'));
    return [manifest.name, { dir, manifest }];
  }),
);

function internalClosure(name, seen = new Set()) {
  for (const dep of Object.keys(manifests.get(name).manifest.dependencies ?? {})) {
    if (manifests.has(dep) && !seen.has(dep)) {
      seen.add(dep);
      internalClosure(dep, seen);
    }
  }
  return seen;
}

async function pack(name, destination) {
  const { dir } = manifests.get(name);
  const { stdout } = await run('pnpm', ['pack', '--pack-destination', destination], {
    cwd: join(root, 'packages', dir),
  });
  return stdout.trim().split('\n').at(-1);
}

async function checkOne(name, tarballs) {
  const project = mkdtempSync(join(tmpdir(), 'pack-check-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'pack-check', private: true }));
  const closure = [name, ...internalClosure(name)].map((n) => tarballs.get(n));
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...closure], { cwd: project });
  const esm = `const m = await import(${JSON.stringify(name)}); if (!Object.keys(m).length) throw new Error('no exports');`;
  const cjs = `const m = require(${JSON.stringify(name)}); if (!Object.keys(m).length) throw new Error('no exports');`;
  await run('node', ['--input-type=module', '-e', esm], { cwd: project });
  await run('node', ['--no-warnings', '-e', cjs], { cwd: project });
  await run(bin('publint'), ['--strict', join(root, 'packages', manifests.get(name).dir)]);
  await run(bin('attw'), [tarballs.get(name), '--profile', 'node16', '--format', 'ascii']);
}

async function main() {
  const only = process.argv.slice(2);
  const names = [...manifests.keys()].filter((n) => !only.length || only.includes(manifests.get(n).dir));
  const destination = mkdtempSync(join(tmpdir(), 'tarballs-'));
  const tarballs = new Map();
  for (const name of manifests.keys()) tarballs.set(name, await pack(name, destination));
  let failed = 0;
  for (const name of names) {
    try {
      await checkOne(name, tarballs);
      console.log(`packaging ok: ${name} (ESM import, CJS require, publint, attw)`);
    } catch (error) {
      failed++;
      console.error(`packaging FAILED: ${name}\n${error.stderr || error.stdout || error.message}`);
    }
  }
  if (failed) process.exit(1);
}

await main();
