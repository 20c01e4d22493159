// Test support (not exported): spawns crash-child.ts under tsx over the workspace sources, reads its JSON lines,
// and SIGKILLs it at a chosen point.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ExecutionRequest } from '@agent-runtime/kernel';
import type { CrashKernelConfig, ToolRun } from './crash-kernel';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: a child's report is parsed JSON whose shape each test asserts
export type ChildLine = Record<string, any>;

/** A kernel in another process, and everything it reported so far. */
export class CrashChild {
  readonly lines: ChildLine[] = [];
  private readonly child: ChildProcess;
  private readonly exited: Promise<unknown>;
  private waiters: {
    match: (line: ChildLine) => boolean;
    resolve: (line: ChildLine) => void;
    reject: (error: Error) => void;
  }[] = [];
  private killed = false;

  constructor(config: CrashKernelConfig, execute?: ExecutionRequest) {
    this.child = spawn(
      `${packageDir}node_modules/.bin/tsx`,
      [
        '--tsconfig',
        `${packageDir}tsconfig.sources.json`,
        `${packageDir}src/durable-crash/crash-child.ts`,
        JSON.stringify({ config, execute }),
      ],
      // its own process group: tsx runs the script in a child process, and the kill must reach both
      { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
    );
    this.exited = once(this.child, 'exit').then(() => {
      if (this.killed) return;
      for (const waiter of this.waiters) waiter.reject(new Error(`child exited: ${this.child.exitCode}`));
    });
    createInterface({ input: this.child.stdout! }).on('line', (text) => {
      const line = JSON.parse(text) as ChildLine;
      this.lines.push(line);
      this.waiters = this.waiters.filter((waiter) => {
        if (!waiter.match(line)) return true;
        waiter.resolve(line);
        return false;
      });
    });
  }

  /** The first line (already reported or to come) that matches, or a rejection after `timeoutMs`. */
  waitFor(match: (line: ChildLine) => boolean, timeoutMs = 30_000): Promise<ChildLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('child did not report in time')), timeoutMs);
      this.waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  // biome-ignore lint/suspicious/noExplicitAny: a child's report is parsed JSON whose shape each test asserts
  event(type: string, match: (data: any) => boolean = () => true): Promise<ChildLine> {
    return this.waitFor((line) => line.event === type && match(line.data));
  }

  get toolRuns(): ToolRun[] {
    return this.lines.filter((line) => line.toolRun).map((line) => line.toolRun as ToolRun);
  }

  /** `kill -9`: the process gets no chance to clean up. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.child.exitCode === null && this.child.signalCode === null)
      process.kill(-this.child.pid!, 'SIGKILL');
    await this.exited;
  }
}
