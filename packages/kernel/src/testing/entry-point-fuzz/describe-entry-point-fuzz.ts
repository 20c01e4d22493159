import { InMemorySignalChannel } from '@agent-runtime/actions';
import { AgentRuntimeError } from '@agent-runtime/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RuntimeKernel } from '../../runtime-kernel';
import { oneStepDriver } from '../one-step-driver';
import { ENTRY_POINTS, type FuzzedStores, hostileExamples } from './entry-points';
import { sameExceptSetup, snapshot } from './fuzz-snapshot';

export interface EntryPointFuzzOptions {
  /** Opens the stores under test (once, before the first call); without `signalChannel`, an in-memory one. */
  open(): Promise<Omit<FuzzedStores, 'signalChannel'> & Partial<Pick<FuzzedStores, 'signalChannel'>>>;
  /** Closes and removes what `open` made. */
  close?(): Promise<void>;
  /**
   * State of the backend beyond its records (e.g. every key under a Redis prefix), compared before and after
   * each refused call. @default nothing more
   */
  extraState?(): Promise<unknown>;
  /** Fuzzed calls per entry point, besides each hostile value as each argument. @default 50 */
  numRuns?: number;
  /** The fast-check seed (runs are reproducible). @default 16 */
  seed?: number;
}

/** What one fuzz run saw, printed once its suite ends. */
interface Findings {
  calls: number;
  refused: number;
  untyped: number;
  changed: number;
}

/**
 * A vitest suite that calls every public entry point of a kernel on the stores of `options.open()`
 * (`kernel.execute`, its job, action and ledger managers, and each store and the signal channel directly) with
 * fuzzed input: hostile values (cycles, 20,000-deep nesting, BigInt, NaN, NUL bytes, lone surrogates, oversize
 * strings, `pg_catalog`) and valid input with fields replaced by them. Every call must succeed or throw an
 * AgentRuntimeError, and a refused call must change nothing in the stores.
 */
export function describeEntryPointFuzz(name: string, options: EntryPointFuzzOptions): void {
  const { numRuns = 50, seed = 16, extraState = async () => undefined } = options;
  describe(`every public entry point on ${name}, fuzzed`, () => {
    const findings: Findings = { calls: 0, refused: 0, untyped: 0, changed: 0 };
    let stores: FuzzedStores;
    let kernel: RuntimeKernel;
    beforeAll(async () => {
      const opened = await options.open();
      stores = { ...opened, signalChannel: opened.signalChannel ?? new InMemorySignalChannel() };
      // one sweep now, then none during the run: a later one would time out jobs that earlier calls created
      // with short timeouts while a refused call's before/after snapshots are compared
      kernel = RuntimeKernel.create({
        agent: oneStepDriver('fuzzed'),
        ...stores,
        sweepIntervalSeconds: 3600,
      });
      await kernel.start();
    }, 60_000);
    afterAll(async () => {
      await kernel?.shutdown();
      await options.close?.();
      console.log(
        `entry-point fuzz on ${name}: ${findings.calls} calls, ${findings.refused} refused, ${findings.untyped} untyped errors, ${findings.changed} refused calls that changed state`,
      );
    });

    it.each(ENTRY_POINTS)(
      '$name: only typed errors, and a refused call changes nothing',
      async (entry) => {
        const { name: entryPoint, input, call, setsUp } = entry;
        const examples = hostileExamples(entry).map((value) => [value] as [unknown]);
        const untyped: string[] = [];
        const changed: string[] = [];
        await fc.assert(
          fc.asyncProperty(input, async (value) => {
            const before = await snapshot(stores, extraState);
            findings.calls++;
            try {
              await call(kernel, stores, value);
              return;
            } catch (error) {
              findings.refused++;
              if (!AgentRuntimeError.isInstance(error)) untyped.push(describeError(error));
            }
            const after = await snapshot(stores, extraState);
            if (setsUp ? !sameExceptSetup(before, after) : before !== after) changed.push(entryPoint);
          }),
          // fast-check counts the examples among numRuns: they come on top of the random ones here
          { numRuns: numRuns + examples.length, seed, examples },
        );
        findings.untyped += untyped.length;
        findings.changed += changed.length;
        expect(untyped).toEqual([]);
        expect(changed).toEqual([]);
      },
      120_000,
    );
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.constructor.name}: ${error.message.slice(0, 120)}` : String(error);
}
