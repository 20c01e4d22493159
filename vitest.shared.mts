import { defineProject, type UserWorkspaceConfig } from 'vitest/config';

/** The test project every package uses: tests beside code, type tests in *.test-d.ts. */
export function packageProject(name: string, test: UserWorkspaceConfig['test'] = {}) {
  return defineProject({
    test: {
      name,
      include: ['src/**/*.test.ts'],
      typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
      testTimeout: 20_000,
      ...test,
    },
  });
}
