import { expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from './errors/validation-error';
import { parseInput } from './validation';

const schema = z.strictObject({ budgets: z.strictObject({ maxTokens: z.number().int() }) });

it('returns parsed input', () => {
  expect(parseInput(schema, { budgets: { maxTokens: 3 } }, 'request')).toEqual({ budgets: { maxTokens: 3 } });
});

it('names the offending field with its full path', () => {
  try {
    parseInput(schema, { budgets: { maxTokens: 1.5 } }, 'request');
    expect.unreachable();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    const e = error as ValidationError;
    expect(e.field).toBe('request.budgets.maxTokens');
    expect(e.message).toMatch(/^request\.budgets\.maxTokens: /);
    expect(e.issues[0]?.field).toBe('request.budgets.maxTokens');
  }
});

it('names unknown keys of strict objects', () => {
  expect(() => parseInput(schema, { budgets: { maxTokens: 1 }, max_tokens: 1 }, 'request')).toThrow(
    /request/,
  );
});
