import fc from 'fast-check';
import { expect, it } from 'vitest';
import { budgetSpec } from './context/budget-spec';
import { ExecutionContext } from './context/execution-context';
import { policyRef } from './context/policy-ref';
import { runVersions } from './context/run-versions';
import { ValidationError } from './errors/validation-error';
import { RuntimeEvent } from './events/runtime-event';
import { cyclicValue, hostileValues, nestedValue } from './testing';
import { defineTool } from './tools/define-tool';

const entryPoints: Record<string, (input: unknown) => unknown> = {
  'new ExecutionContext': (input) => new ExecutionContext(input as never),
  'ExecutionContext.fromJSON': (input) => ExecutionContext.fromJSON(input),
  budgetSpec: (input) => budgetSpec(input as never),
  policyRef: (input) => policyRef(input as never),
  runVersions: (input) => runVersions(input as never),
  'new RuntimeEvent': (input) => new RuntimeEvent(input as never),
  'RuntimeEvent.fromJSON': (input) => RuntimeEvent.fromJSON(input),
  defineTool: (input) => defineTool(input as never),
};

const cyclic = cyclicValue();
/** What breaks JSON and the stores, alone and where the entry points expect it. */
const hostile = fc.constantFrom<unknown>(
  ...hostileValues(),
  { metadata: cyclic },
  { metadata: nestedValue(20_000) },
  { metadata: { n: 10n } },
  { scopeId: 'a\u0000b' },
  { scopeId: 'x'.repeat(9000) },
  { data: { s: '\ud800' } },
);

/** Inputs shaped like the real ones (known keys, random values) reach deeper than pure noise. */
const nearValid = fc.record(
  {
    scopeId: fc.oneof(fc.string(), fc.anything(), hostile),
    type: fc.oneof(fc.constantFrom('job.started', 'tool.end'), fc.anything()),
    name: fc.oneof(fc.string(), fc.anything()),
    budgets: fc.oneof(
      fc.record({ maxTokens: fc.anything(), maxCost: fc.oneof(fc.string(), fc.double(), fc.anything()) }),
      fc.anything(),
    ),
    data: fc.oneof(fc.anything(), hostile),
    metadata: fc.oneof(fc.anything(), hostile),
    traceId: fc.oneof(fc.stringMatching(/^[0-9a-f]{32}$/), fc.anything()),
    schemaVersion: fc.anything(),
    timestamp: fc.oneof(fc.double(), fc.anything()),
  },
  { requiredKeys: [] },
);

it.each(Object.entries(entryPoints))('%s throws only ValidationError on random input', (_name, call) => {
  fc.assert(
    fc.property(fc.oneof(fc.anything({ withBigInt: true }), nearValid, hostile), (input) => {
      try {
        call(input);
      } catch (error) {
        if (!ValidationError.isInstance(error)) throw error;
        expect(error.field).toMatch(/^(context|budgets|policyRef|versions|event|tool)/);
      }
    }),
    { numRuns: 500 },
  );
});
