// Test support: builds the console into the test output folder and drives Debian's Chromium with playwright-core.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type BrowserContext, chromium } from 'playwright-core';

const appDir = fileURLToPath(new URL('..', import.meta.url));
/** Screenshots and the test build land here (gitignored). */
export const testOutputDir = join(appDir, 'test-output');

export const CHROMIUM = '/usr/bin/chromium';
/** Without the background-networking flags Chromium keeps dialing hosts this machine cannot reach. */
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];

/** `vite build` of the console into `test-output/ui`; returns that directory. */
export async function buildConsole(): Promise<string> {
  const outDir = join(testOutputDir, 'ui');
  await promisify(execFile)(
    process.execPath,
    [
      join(appDir, 'node_modules/vite/bin/vite.js'),
      'build',
      '--outDir',
      outDir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: appDir, timeout: 120_000 },
  );
  return outDir;
}

/** Chromium on a fresh, empty user-data-dir; `close()` ends it, then removes that directory. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1100, height: 800 },
    timeout: 60_000,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

export function screenshotPath(name: string): string {
  const dir = join(testOutputDir, 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
