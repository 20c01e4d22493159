import { fileURLToPath } from 'node:url';
import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages/', import.meta.url));
const testHelpers = fileURLToPath(new URL('./tools/test-helpers/src/index.ts', import.meta.url));

/**
 * The test project every package uses: tests beside code, type tests in *.test-d.ts. Workspace packages
 * resolve to their sources, so a package's tests never depend on another package's build output (the
 * packaging check covers the built files).
 */
export function packageProject(name: string, test: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    resolve: {
      alias: [
        { find: /^@agent-runtime\/test-helpers$/, replacement: testHelpers },
        { find: /^@agent-runtime\/([a-z0-9-]+)\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/$2.ts` },
        { find: /^@agent-runtime\/([a-z0-9-]+)$/, replacement: `${packagesDir}$1/src/index.ts` },
      ],
    },
    test: {
      name,
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      testTimeout: 20_000,
      ...test,
    },
  });
}
