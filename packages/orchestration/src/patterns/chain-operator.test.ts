import { ValidationError } from '@agent-runtime/core';
import { describe, expect, it } from 'vitest';
import { failed } from '../context/operator-result';
import { operator, rootContext } from '../test-support';
import { ChainOperator } from './chain-operator';

describe('ChainOperator', () => {
  const upper = operator('preprocessor', (input) => String(input.text).trim().toUpperCase());
  const count = operator('analyzer', (input) => ({ words: String(input.text).split(/\s+/).length }));
  const format = operator(
    'formatter',
    (input) => `words=${(input.previousContent as { words: number }).words}`,
  );

  it('feeds each output to the next step and returns the last', async () => {
    const chain = new ChainOperator([upper, count, format]);
    const result = await chain.execute({ text: '  two words ' }, rootContext());
    expect(result).toMatchObject({
      success: true,
      content: 'words=2',
      operatorName: 'chain',
      role: 'coordinator',
    });
    const steps = result.metadata?.steps as { content: unknown }[];
    expect(steps.map((s) => s.content)).toEqual(['TWO WORDS', { words: 2 }, 'words=2']);
  });

  it('stops at the first failure and says which step failed', async () => {
    let formatterRan = false;
    const broken = operator('analyzer', () => {
      throw new Error('analysis broke');
    });
    const formatter = operator('formatter', () => {
      formatterRan = true;
    });
    const result = await new ChainOperator([upper, broken, formatter]).execute({ text: 'x' }, rootContext());
    expect(result.success).toBe(false);
    expect(result.error?.message).toBe('analysis broke');
    expect(result.metadata).toMatchObject({ failedStep: 1, failedOperator: 'analyzer' });
    expect(formatterRan).toBe(false);
  });

  it('reports a step that fails without an error as OPERATOR_FAILED', async () => {
    const silent = {
      ...upper,
      name: 'silent',
      execute: async () => ({ ...failed(upper, 'x'), error: undefined }),
    };
    const result = await new ChainOperator([silent]).execute({ text: 'x' }, rootContext());
    expect(result).toMatchObject({
      success: false,
      operatorName: 'chain',
      error: { code: 'OPERATOR_FAILED' },
    });
    expect(result.error?.message).toBe('preprocessor failed');
    expect(result.jobId).toBeUndefined();
  });

  it('refuses an empty chain or a non-operator, naming the field', () => {
    expect(() => new ChainOperator([])).toThrow(ValidationError);
    try {
      new ChainOperator([upper, {} as never]);
      expect.unreachable();
    } catch (error) {
      expect((error as ValidationError).field).toBe('chain.operators.1');
    }
  });
});
