import { ReplayValidationError } from '@agent-runtime/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Recording, type RecordingJSON } from './recording';
import { sampleRecording } from './test-support/sample-recording';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;
const hostile = fc.constantFrom<unknown>(
  10n,
  cyclic,
  nested(20_000),
  Number.NaN,
  'a\u0000',
  '\ud800',
  () => 1,
);

it('Recording.fromJSON refuses BigInt, cycles, 20,000-deep nesting and other non-JSON anywhere with ReplayValidationError', () => {
  const base = JSON.parse(JSON.stringify(sampleRecording())) as RecordingJSON;
  const places: ((json: RecordingJSON, value: unknown) => void)[] = [
    (json, value) => {
      json.initialInput = { prompt: value };
    },
    (json, value) => {
      (json.metadata as unknown as Record<string, unknown>).config = { value };
    },
    (json, value) => {
      (json.events[0] as { event: unknown }).event = value;
    },
    (json, value) => {
      (json.events[0] as { event: { data: unknown } }).event.data = { value };
    },
  ];
  fc.assert(
    fc.property(hostile, fc.nat(places.length - 1), (value, place) => {
      const json = structuredClone(base);
      places[place]?.(json, value);
      expect(() => Recording.fromJSON(json)).toThrow(expect.toSatisfy(ReplayValidationError.isInstance));
    }),
    { numRuns: 200 },
  );
});
