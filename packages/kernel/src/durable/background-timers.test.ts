import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

it('a started kernel’s heartbeat and sweep never keep the process alive', async () => {
  const { stdout } = await promisify(execFile)(
    `${packageDir}node_modules/.bin/tsx`,
    [
      '--tsconfig',
      `${packageDir}tsconfig.sources.json`,
      `${packageDir}src/durable/test-support/start-and-return.ts`,
    ],
    { timeout: 45_000 },
  );
  expect(stdout.trim()).toBe('succeeded');
}, 60_000);
