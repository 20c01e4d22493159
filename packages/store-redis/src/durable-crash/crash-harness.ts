// Test support (not exported): spawns crash-child.ts under tsx over the workspace sources, reads its JSON lines,
// and SIGKILLs it at a chosen point.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ExecutionRequest, RuntimeEventData, RuntimeEventType } from '@agent-runtime/kernel';
import type { CrashKernelConfig, ToolRun } from './crash-kernel';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

/** One JSON line crash-child.ts reports: the job it started, an event, a tool run, the end of a job. */
export interface ChildLine {
  jobId?: string;
  started?: boolean;
  ended?: string;
  event?: RuntimeEventType;
  data?: unknown;
  toolRun?: ToolRun;
  result?: unknown;
  modelCalls?: number;
}

/** An event line, its data as the event's type has it (the child serialized a typed event). */
export type ChildEventLine<T extends RuntimeEventType> = ChildLine & { event: T; data: RuntimeEventData<T> };

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

  /** The first `type` event the child reported (or reports) whose data matches. */
  async event<T extends RuntimeEventType>(
    type: T,
    match: (data: RuntimeEventData<T>) => boolean = () => true,
  ): Promise<ChildEventLine<T>> {
    const isIt = (line: ChildLine): line is ChildEventLine<T> => line.event === type;
    return (await this.waitFor((line) => isIt(line) && match(line.data))) as ChildEventLine<T>;
  }

  /** The id of the job the child started. */
  async jobId(): Promise<string> {
    return String((await this.waitFor((line) => line.jobId !== undefined)).jobId);
  }

  get toolRuns(): ToolRun[] {
    return this.lines.flatMap((line) => (line.toolRun ? [line.toolRun] : []));
  }

  /** `kill -9`: the process gets no chance to clean up. */
  async kill(): Promise<void> {
    this.killed = true;
    if (this.child.exitCode === null && this.child.signalCode === null)
      process.kill(-this.child.pid!, 'SIGKILL');
    await this.exited;
  }
}
