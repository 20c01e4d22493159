import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  canonicalJson,
  ReplayValidationError,
  RUNTIME_EVENT_TYPES,
  RuntimeEvent,
  sha256,
} from '@agent-runtime/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from './event-fingerprint';
import { Recording, type RecordingJSON } from './recording';
import { RunMetadata } from './run-metadata';
import { sampleRecording } from './test-support/sample-recording';

const dir = mkdtempSync(join(tmpdir(), 'recording-'));
const json = (): RecordingJSON => JSON.parse(JSON.stringify(sampleRecording()));
/** Re-signs edited JSON so that only the rule under test can catch the edit. */
const resign = (edited: RecordingJSON): RecordingJSON => {
  const { checksum: _old, ...body } = edited;
  return { ...edited, checksum: `sha256:${sha256(canonicalJson(body))}` };
};

function problemOf(run: () => unknown): { problem: string; message: string } {
  try {
    run();
  } catch (error) {
    expect(ReplayValidationError.isInstance(error)).toBe(true);
    return error as ReplayValidationError;
  }
  throw new Error('expected a ReplayValidationError');
}

async function loadProblem(text: string) {
  const path = join(dir, `${crypto.randomUUID()}.json`);
  writeFileSync(path, text);
  try {
    await Recording.load(path);
  } catch (error) {
    expect(ReplayValidationError.isInstance(error)).toBe(true);
    return (error as ReplayValidationError).problem;
  }
  throw new Error('expected a ReplayValidationError');
}

describe('Recording', () => {
  it('saves and loads back the same recording', async () => {
    const recording = sampleRecording();
    const path = join(dir, 'execution.replay.json');
    await recording.save(path);
    const loaded = await Recording.load(path);
    expect(loaded.toJSON()).toEqual(recording.toJSON());
    expect(JSON.parse(await readFile(path, 'utf8')).formatVersion).toBe(1);
    expect(loaded.metadata.tools).toEqual(['a', 'b']);
    expect(loaded.modelResponses.map((r) => r.textDeltas)).toEqual([['Hi', ' there']]);
  });

  it('refuses a truncated file', async () => {
    const text = JSON.stringify(sampleRecording());
    expect(await loadProblem(text.slice(0, text.length / 2))).toBe('truncated');
    expect(await loadProblem('')).toBe('truncated');
  });

  it('refuses a corrupted file', async () => {
    expect(await loadProblem('{"formatVersion": 1, oops}')).toBe('corrupted');
    expect(await loadProblem('[1, 2]')).toBe('corrupted');
    expect(await loadProblem('"a string"')).toBe('corrupted');
  });

  it('refuses another format version', () => {
    expect(problemOf(() => Recording.fromJSON({ ...json(), formatVersion: 2 })).problem).toBe(
      'unsupported_version',
    );
    expect(problemOf(() => Recording.fromJSON({ ...json(), formatVersion: undefined })).problem).toBe(
      'unsupported_version',
    );
  });

  it('refuses malformed fields, naming them', () => {
    const noChecksum = { ...json(), checksum: undefined };
    expect(problemOf(() => Recording.fromJSON(noChecksum))).toMatchObject({
      problem: 'invalid',
      message: expect.stringMatching(/checksum/),
    });
    const negative = json();
    negative.events[1]!.relativeTimestampMs = -5;
    expect(problemOf(() => Recording.fromJSON(negative)).message).toMatch(/events\.1\.relativeTimestampMs/);
    const badEvent = resign({
      ...json(),
      events: json().events.map((e, i) => (i === 2 ? { ...e, event: { type: 'nope' } } : e)),
    });
    expect(problemOf(() => Recording.fromJSON(badEvent)).message).toMatch(/events\.2\.event/);
    const badMetadata = resign({ ...json(), metadata: { ...json().metadata, runtimeVersion: '' } });
    expect(problemOf(() => Recording.fromJSON(badMetadata)).message).toMatch(/metadata\.runtimeVersion/);
  });

  it('refuses a tampered file: any edit without a matching checksum', () => {
    const edited = json();
    (edited.events[5]!.event as { data: { content: string } }).data.content = 'Something else';
    expect(problemOf(() => Recording.fromJSON(edited)).problem).toBe('tampered');
  });

  it('refuses metadata whose hashes do not match its config or tools', () => {
    const edited = json();
    edited.metadata.config = { maxTurns: 99 };
    expect(problemOf(() => Recording.fromJSON(resign(edited)))).toMatchObject({
      problem: 'tampered',
      message: expect.stringMatching(/hash/),
    });
  });

  it('refuses events that disagree with their fingerprints, timing or model responses', () => {
    const data = json();
    (data.events[5]!.event as { data: { content: string } }).data.content = 'Something else';
    expect(problemOf(() => Recording.fromJSON(resign(data)))).toMatchObject({
      problem: 'inconsistent',
      message: expect.stringMatching(/events\.5: fingerprint/),
    });

    const timing = json();
    timing.events[3]!.relativeTimestampMs = 50;
    expect(problemOf(() => Recording.fromJSON(resign(timing))).message).toMatch(
      /events\.3: relativeTimestampMs goes back/,
    );

    const missing = json();
    delete missing.events[3]!.modelResponse;
    expect(problemOf(() => Recording.fromJSON(resign(missing))).message).toMatch(
      /model\.done without its model response/,
    );
  });

  it('round-trips any recording through JSON (property)', () => {
    const eventArb = fc.record({
      type: fc.constantFrom(...RUNTIME_EVENT_TYPES.filter((t) => t !== 'model.done')),
      data: fc.dictionary(fc.string(), fc.jsonValue()),
      jobId: fc.option(fc.string({ minLength: 1 }), { nil: undefined }),
      gap: fc.nat(1000),
    });
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 20 }),
        fc.dictionary(fc.string(), fc.jsonValue()),
        (specs, config) => {
          let at = 0;
          const events = specs.map(({ type, data, jobId, gap }) => {
            const event = RuntimeEvent.fromJSON({ type, data, ...(jobId && { jobId }), timestamp: 1 });
            at += gap;
            return { event, fingerprint: fingerprintOf(event), relativeTimestampMs: at };
          });
          const metadata = RunMetadata.create({ runtimeVersion: '1', config, tools: [] });
          const recording = new Recording(metadata, { prompt: 'x' }, events);
          const text = JSON.stringify(recording);
          expect(JSON.stringify(Recording.fromJSON(JSON.parse(text)))).toBe(text);
        },
      ),
      { numRuns: 200 },
    );
  });
});
