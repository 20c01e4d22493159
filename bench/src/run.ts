import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import type { BenchmarkResult } from './benchmark';
import { benchmarks } from './benchmarks';
import { markdownTable } from './harness';

interface SavedResult extends BenchmarkResult {
  name: string;
  ranAt: string;
  machine: string;
}

/** The machine a result was measured on, as one line. */
function machine(): string {
  const cores = cpus();
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  return `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, ${memory}, ${process.platform} ${process.arch}, Node ${process.version}, load average at start ${load}`;
}

function section(result: SavedResult): string {
  const table = markdownTable(result.rows);
  return [
    `## ${result.title}`,
    '',
    `\`${result.name}\`, ${result.ranAt} on ${result.machine}`,
    '',
    table,
    '',
    ...(result.notes ?? []),
  ].join('\n');
}

/** Results saved by earlier runs, so running some benchmarks keeps the others' latest results. */
async function previousResults(file: URL): Promise<SavedResult[]> {
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { results?: SavedResult[] };
    return (saved.results ?? []).filter((r) => typeof r.ranAt === 'string');
  } catch {
    return [];
  }
}

/** `node --expose-gc --import tsx src/run.ts [--smoke] [name…]`: runs the named benchmarks (all by default). */
async function main(argv: string[]): Promise<void> {
  const smoke = argv.includes('--smoke');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));

  const dir = new URL('../results/', import.meta.url);
  const base = smoke ? 'smoke' : 'latest';
  const byName = new Map((await previousResults(new URL(`${base}.json`, dir))).map((r) => [r.name, r]));
  for (const benchmark of selected) {
    const ranAt = new Date().toISOString();
    const onMachine = machine();
    const result: SavedResult = {
      name: benchmark.name,
      ranAt,
      machine: onMachine,
      ...(await benchmark.run({ smoke })),
    };
    console.log(`${section(result)}\n`);
    byName.set(benchmark.name, result);
  }

  const results = benchmarks.flatMap((b) => byName.get(b.name) ?? []);
  const header = `# Benchmark results${smoke ? ' (smoke)' : ''}\n\nReproduce: \`pnpm bench${smoke ? ' --smoke' : ''}\` (or \`pnpm bench <name>\` for one).\n`;
  await mkdir(dir, { recursive: true });
  await writeFile(new URL(`${base}.md`, dir), `${[header, ...results.map(section)].join('\n\n')}\n`);
  await writeFile(new URL(`${base}.json`, dir), `${JSON.stringify({ smoke, results }, null, 2)}\n`);
}

await main(process.argv.slice(2));
