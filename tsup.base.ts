import { defineConfig, type Options } from 'tsup';

/** The one build every package uses: ESM + CJS + .d.ts/.d.cts, one file per entry. */
export function packageBuild(entry: string[], overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  });
}
