import { ReplayValidationError } from '@agent-runtime/core';
import { hostileValues } from '@agent-runtime/core/testing';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Recording, type RecordingJSON } from './recording';
import { sampleRecording } from './test-support/sample-recording';

const hostile = fc.constantFrom<unknown>(
  ...hostileValues().filter((v) => typeof v !== 'string'),
  'a\u0000',
  '\ud800',
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
