#!/usr/bin/env node
// Creates packages/<name> from the one skeleton every package follows.
// Usage: node scripts/new-package.mjs <name> "<description>" [--entry testing] [--dep x] [--peer x@range] [--dev x]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    entry: { type: 'string', multiple: true, default: [] },
    dep: { type: 'string', multiple: true, default: [] },
    peer: { type: 'string', multiple: true, default: [] },
    'optional-peer': { type: 'string', multiple: true, default: [] },
    dev: { type: 'string', multiple: true, default: [] },
  },
});
const [name, description] = positionals;
if (!name || !description) throw new Error('usage: new-package.mjs <name> "<description>"');

const dir = join('packages', name);
if (existsSync(dir)) throw new Error(`${dir} exists`);

const entries = ['index', ...values.entry];
const splitSpec = (spec) => {
  const at = spec.lastIndexOf('@');
  return at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, '*'];
};
const toMap = (specs) => Object.fromEntries(specs.map(splitSpec));
const internal = (deps) =>
  Object.fromEntries(
    Object.entries(deps).map(([k, v]) => [k, k.startsWith('@agent-runtime/') ? 'workspace:*' : v]),
  );

const exportsMap = { './package.json': './package.json' };
for (const entry of entries) {
  exportsMap[entry === 'index' ? '.' : `./${entry}`] = {
    import: { types: `./dist/${entry}.d.ts`, default: `./dist/${entry}.js` },
    require: { types: `./dist/${entry}.d.cts`, default: `./dist/${entry}.cjs` },
  };
}

const optionalPeers = toMap(values['optional-peer']);
const peers = { ...toMap(values.peer), ...optionalPeers };
const pkg = {
  name: `@agent-runtime/${name}`,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  type: 'module',
  sideEffects: false,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  exports: exportsMap,
  files: ['dist', '!dist/**/*.test.*', 'CHANGELOG.md', 'README.md'],
  scripts: {
    build: 'tsup',
    typecheck: 'tsc --noEmit',
    test: 'vitest run',
    publint: 'publint --strict && attw --pack . --profile node16',
  },
  dependencies: internal(
    toMap(['@agent-runtime/core', ...values.dep].filter((d) => d !== `@agent-runtime/${name}`)),
  ),
  peerDependencies: peers,
  peerDependenciesMeta: Object.keys(optionalPeers).length
    ? Object.fromEntries(Object.keys(optionalPeers).map((k) => [k, { optional: true }]))
    : undefined,
  devDependencies: { ...internal(toMap(values.dev)), ...peers },
  engines: { node: '>=20.19' },
  publishConfig: { access: 'public' },
  repository: {
    type: 'git',
    url: 'git+https://github.com/agent-runtime/agent-runtime.git',
    directory: `packages/${name}`,
  },
  keywords: ['agents', 'llm', 'orchestration', 'agent-runtime'],
};
if (!Object.keys(pkg.peerDependencies).length) delete pkg.peerDependencies;
if (!pkg.peerDependenciesMeta) delete pkg.peerDependenciesMeta;

mkdirSync(join(dir, 'src'), { recursive: true });
const write = (file, text) => writeFileSync(join(dir, file), text);
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
write(
  'tsconfig.json',
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'] }, null, 2)}\n`,
);
write('turbo.json', `${JSON.stringify({ extends: ['//'] }, null, 2)}\n`);
write(
  'tsup.config.ts',
  `import { packageBuild } from '../../tsup.base';\n\nexport default packageBuild([${entries.map((e) => `'src/${e}.ts'`).join(', ')}]);\n`,
);
write(
  'vitest.config.mts',
  `import { packageProject } from '../../vitest.shared.mts';\n\nexport default packageProject('${name}');\n`,
);
write('README.md', `# @agent-runtime/${name}\n\n${description}\n`);
for (const entry of entries) write(`src/${entry}.ts`, 'export {};\n');
console.log(`created ${dir}`);
