import { describe, expect, it } from 'vitest';
import { indexedKeys, jobIndexedKeys, usageKey } from './usage-key';

const json = (scope?: string, principal?: string, job?: string, session?: string) =>
  JSON.stringify([scope ?? null, principal ?? null, job ?? null, session ?? null]);

describe('usage keys', () => {
  it('are the JSON of [scope, principal, job, session], ids with quotes included', () => {
    expect(usageKey({})).toBe(json());
    expect(usageKey({ scopeId: 's"1', principalId: 'p\\', jobId: 'j', sessionId: 'x' })).toBe(
      json('s"1', 'p\\', 'j', 'x'),
    );
  });

  it('index an item under every combination its ids pin', () => {
    const item = { scopeId: 's', principalId: 'p', jobId: 'j', sessionId: 'x' };
    expect(indexedKeys(item)).toEqual([
      json(),
      json('s'),
      json('s', 'p'),
      json('s', undefined, 'j'),
      json(undefined, undefined, 'j'),
      json('s', 'p', 'j'),
      json('s', undefined, undefined, 'x'),
      json('s', 'p', undefined, 'x'),
    ]);
    expect(indexedKeys({ scopeId: 's' })).toEqual([json(), json('s')]);
    expect(jobIndexedKeys({ scopeId: 's' }, 'j')).toEqual([
      json('s', undefined, 'j'),
      json(undefined, undefined, 'j'),
    ]);
  });
});
