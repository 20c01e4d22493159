import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateResumeToken, hashResumeToken, resumeTokenHashesEqual } from './resume-token';

describe('resume tokens', () => {
  it('carry at least 128 bits and never repeat', () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateResumeToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens)
      expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('are stored as their SHA-256', () => {
    expect(hashResumeToken('abc')).toBe(createHash('sha256').update('abc').digest('hex'));
  });

  it('compare hashes exactly', () => {
    const hash = hashResumeToken('t');
    expect(resumeTokenHashesEqual(hash, hashResumeToken('t'))).toBe(true);
    expect(resumeTokenHashesEqual(hash, hashResumeToken('u'))).toBe(false);
    expect(resumeTokenHashesEqual(hash, hash.slice(1))).toBe(false);
  });
});
