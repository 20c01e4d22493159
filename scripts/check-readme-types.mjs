// Type-checks the TypeScript examples of every README against the packages' sources, in one `tsc` run. A block
// with an import starts an example; the blocks after it without imports continue it (same module, in order).
// Each example is written beside the package its README documents, so its dependencies resolve as that package's
// do. A block fenced ```ts ignore is skipped (a shape or a fragment, not a program).
// Usage: node scripts/check-readme-types.mjs [--keep]   (--keep leaves the generated modules in */.readme-types/)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = '.readme-types';
const keep = process.argv.includes('--keep');

/** The README files with examples, and the package whose dependencies their imports resolve against. */
function readmes() {
  const inDir = (dir) =>
    readdirSync(join(root, dir), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(root, dir, entry.name, 'README.md')))
      .map((entry) => ({ readme: join(dir, entry.name, 'README.md'), home: join(dir, entry.name) }));
  // the root README's quick start imports the kernel, the AI SDK driver and an AI SDK provider, as the quick start app does
  return [{ readme: 'README.md', home: 'apps/quickstart' }, ...inDir('packages'), ...inDir('apps')];
}

/** The ```ts blocks of a Markdown file, with the line each starts on; ```ts ignore blocks left out. */
function tsBlocks(markdown) {
  const blocks = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+\S.*)?$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    while (i + 1 < lines.length && lines[i + 1] !== '```') i++;
    if (!/\bignore\b/.test(open[2] ?? ''))
      blocks.push({ line: start + 1, code: lines.slice(start, i + 1).join('\n') });
    i++;
  }
  return blocks;
}

const IMPORT =
  /^import\s+(type\s+)?(?:\{([^}]*)\}|(\*\s+as\s+\w+)|(\w+)(?:\s*,\s*\{([^}]*)\})?)\s+from\s+'([^']+)';$/;

/**
 * One module from the blocks: their import statements merged per module at the top, the rest in order. A block's
 * lines are marked with a comment naming the README line they come from, so an error points back to it.
 */
function moduleOf(readme, blocks) {
  const named = new Map();
  const others = [];
  const body = [];
  for (const { line, code } of blocks) {
    body.push(`// ${readme}:${line}`);
    const statements = code.replace(/import\s[^;]*?from\s+'[^']+';/gs, (statement) => {
      const flat = statement.replace(/\s+/g, ' ').replace(/, \}/, ' }');
      const match = IMPORT.exec(flat);
      if (!match) {
        others.push(flat);
        return '';
      }
      const [, typeOnly, names, namespace, defaultName, moreNames, from] = match;
      if (namespace || defaultName)
        others.push(`import ${typeOnly ?? ''}${namespace ?? defaultName} from '${from}';`);
      const set = named.get(from) ?? new Set();
      for (const name of `${names ?? ''},${moreNames ?? ''}`
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean))
        set.add(typeOnly ? `type ${name.replace(/^type\s+/, '')}` : name);
      named.set(from, set);
      return '';
    });
    body.push(statements);
  }
  const imports = [...named]
    .filter(([, names]) => names.size > 0)
    .map(([from, names]) => {
      const values = new Set([...names].filter((n) => !n.startsWith('type ')));
      const list = [...names].filter((n) => !(n.startsWith('type ') && values.has(n.slice(5))));
      return `import { ${list.join(', ')} } from '${from}';`;
    });
  return `${[...new Set(others), ...imports].join('\n')}\n\n${body.join('\n')}\nexport {};\n`;
}

/** The examples of a README: a block with an import starts one, the blocks that follow without imports continue it. */
function examplesOf(blocks) {
  const examples = [];
  for (const block of blocks) {
    if (examples.length === 0 || /^import\s/m.test(block.code)) examples.push([block]);
    else examples.at(-1).push(block);
  }
  return examples;
}

function main() {
  const files = [];
  for (const { readme, home } of readmes()) {
    const examples = examplesOf(tsBlocks(readFileSync(join(root, readme), 'utf8')));
    if (examples.length === 0) continue;
    const dir = join(root, home, OUT);
    mkdirSync(dir, { recursive: true });
    for (const blocks of examples) {
      const file = join(dir, `${readme.replace(/[/.]/g, '_')}_${blocks[0].line}.ts`);
      writeFileSync(file, moduleOf(readme, blocks));
      files.push(relative(root, file));
    }
  }
  const tsconfig = join(root, OUT, 'tsconfig.json');
  mkdirSync(dirname(tsconfig), { recursive: true });
  writeFileSync(
    tsconfig,
    JSON.stringify({
      extends: '../tsconfig.base.json',
      compilerOptions: {
        // the packages' sources, as the tests see them: no build needed
        paths: {
          '@agent-runtime/*/testing': ['../packages/*/src/testing.ts'],
          '@agent-runtime/*/test': ['../packages/*/src/test.ts'],
          '@agent-runtime/*': ['../packages/*/src/index.ts'],
        },
        noUnusedLocals: false,
      },
      files: files.map((file) => join('..', file)),
    }),
  );
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', tsconfig, '--noEmit', '--pretty', 'false'], {
    cwd: root,
    encoding: 'utf8',
  });
  if (!keep) {
    rmSync(join(root, OUT), { recursive: true, force: true });
    for (const file of files) rmSync(dirname(join(root, file)), { recursive: true, force: true });
  }
  const output = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 0) {
    console.error(output || `tsc exited with ${run.status}`);
    console.error(`README examples: type errors (run with --keep to see the generated modules in */${OUT}/)`);
    process.exit(1);
  }
  console.log(`README examples: ${files.length} examples type-check`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
