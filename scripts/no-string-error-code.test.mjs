import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const biome = join(root, 'node_modules', '.bin', 'biome');
// the plugins the repository's biome.json runs, alone (a lint of the whole repository takes a minute)
const { plugins } = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'lint-probe-'));
writeFileSync(
  join(dir, 'biome.json'),
  JSON.stringify({
    plugins: plugins.map((plugin) => join(root, plugin)),
    linter: { rules: { preset: 'none' } },
  }),
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The lines of `source` that a plugin reports. */
function reportedLines(source) {
  writeFileSync(join(dir, 'probe.ts'), source);
  const run = spawnSync(biome, ['lint', '--reporter=json', 'probe.ts'], { cwd: dir, encoding: 'utf8' });
  const { diagnostics } = JSON.parse(run.stdout);
  return diagnostics.filter((d) => d.category === 'plugin').map((d) => d.location.start.line);
}

describe('lint: error codes are compared through ErrorCode', () => {
  it('reports a string compared with a code: either side, optional chaining, a switch case', () => {
    const source = [
      "declare const ErrorCode: { TIMEOUT: 'TIMEOUT' };",
      'declare const e: { code: string; error?: { code: string } };',
      "if (e.code === 'TIMEOUT') {}",
      "if (e.error?.code !== 'CANCELLED') {}",
      "if ('LEASE_LOST' === e.code) {}",
      "switch (e.error?.code) { case 'NOT_FOUND': break; }",
      'export {};',
    ].join('\n');
    expect(reportedLines(source)).toEqual([3, 4, 5, 6]);
  });

  it('accepts ErrorCode members and strings that are not codes', () => {
    const source = [
      "declare const ErrorCode: { TIMEOUT: 'TIMEOUT' };",
      'declare const e: { code: unknown; status: string };',
      'if (e.code === ErrorCode.TIMEOUT) {}',
      "if (typeof e.code === 'string') {}",
      "if (e.status === 'FAILED') {}",
      'switch (e.code) { case ErrorCode.TIMEOUT: break; }',
      'export {};',
    ].join('\n');
    expect(reportedLines(source)).toEqual([]);
  });
});
