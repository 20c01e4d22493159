import { mkdir, writeFile } from 'node:fs/promises';
import type { BenchmarkResult } from './benchmark';
import { benchmarks } from './benchmarks';
import { markdownTable } from './harness';

/** `tsx src/run.ts [--smoke] [name…]`: runs the named benchmarks (all by default), prints and saves tables. */
async function main(argv: string[]): Promise<void> {
  const smoke = argv.includes('--smoke');
  const names = argv.filter((arg) => !arg.startsWith('--'));
  const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) throw new Error(`unknown benchmark(s): ${unknown.join(', ')}`);
  const selected = names.length === 0 ? benchmarks : benchmarks.filter((b) => names.includes(b.name));

  const results: (BenchmarkResult & { name: string })[] = [];
  const sections: string[] = [];
  for (const benchmark of selected) {
    const result = await benchmark.run({ smoke });
    const section = [`## ${result.title}`, '', markdownTable(result.rows), '', ...(result.notes ?? [])].join(
      '\n',
    );
    console.log(`${section}\n`);
    sections.push(section);
    results.push({ name: benchmark.name, ...result });
  }

  const header = `# Benchmark results${smoke ? ' (smoke)' : ''}\n\nNode ${process.version}, ${new Date().toISOString()}\n`;
  const dir = new URL('../results/', import.meta.url);
  const base = smoke ? 'smoke' : 'latest';
  await mkdir(dir, { recursive: true });
  await writeFile(new URL(`${base}.md`, dir), `${[header, ...sections].join('\n\n')}\n`);
  await writeFile(
    new URL(`${base}.json`, dir),
    `${JSON.stringify({ smoke, node: process.version, results }, null, 2)}\n`,
  );
}

await main(process.argv.slice(2));
