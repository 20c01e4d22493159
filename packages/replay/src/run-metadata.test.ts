import { ValidationError } from '@agent-runtime/core';
import { expect, it } from 'vitest';
import { RunMetadata } from './run-metadata';

it('creates metadata with stable hashes of config and tool set', () => {
  const a = RunMetadata.create({
    runtimeVersion: '1.0.0',
    llmClientVersion: '7.0.0',
    modelVersion: 'gpt-4-0125',
    config: { maxTurns: 10, nested: { b: 1, a: 2 } },
    tools: ['search', 'calculate'],
  });
  const b = RunMetadata.create({
    runtimeVersion: '1.0.0',
    config: { nested: { a: 2, b: 1 }, maxTurns: 10 },
    tools: ['calculate', 'search'],
  });
  expect(a.configHash).toBe(b.configHash);
  expect(a.toolsHash).toBe(b.toolsHash);
  expect(a.configHash).toMatch(/^[0-9a-f]{64}$/);
  expect(RunMetadata.create({ runtimeVersion: '1', config: { maxTurns: 11 } }).configHash).not.toBe(
    a.configHash,
  );
  expect(a.tools).toEqual(['calculate', 'search']);
});

it('round-trips and notices edited hashes', () => {
  const metadata = RunMetadata.create({ runtimeVersion: '1', config: { x: 1 }, tools: ['t'] });
  expect(RunMetadata.fromJSON(metadata.toJSON())).toMatchObject({ hashesMatch: true });
  expect(RunMetadata.fromJSON({ ...metadata.toJSON(), tools: ['u'] }).hashesMatch).toBe(false);
});

it('rejects bad input naming the field', () => {
  expect(() => RunMetadata.create({ runtimeVersion: '' })).toThrow(ValidationError);
  try {
    RunMetadata.create({ runtimeVersion: '1', tools: [''] });
  } catch (error) {
    expect((error as ValidationError).field).toBe('metadata.tools.0');
  }
});
