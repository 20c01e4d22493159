import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineTool, InMemoryJobStore, RuntimeKernel, ValidationError } from './index';
import { oneStepDriver } from './test-helpers';

const fieldOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (ValidationError.isInstance(error)) return error.field;
    throw error;
  }
  return undefined;
};

describe('kernel options', () => {
  it('create() uses the components given and in-memory defaults for the rest', async () => {
    const jobStore = new InMemoryJobStore();
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('ok'), jobStore });
    const result = await (await kernel.execute({ prompt: 'p', scopeId: 's' })).result();
    expect((await jobStore.get(result.jobId))?.status).toBe('succeeded');
    expect((await kernel.ledger.writer.getUsage({ jobId: result.jobId })).totalTokens).toBe(2);
  });

  it('a missing or malformed component is a ValidationError naming it', () => {
    const agent = oneStepDriver('ok');
    expect(fieldOf(() => RuntimeKernel.create({ agent: {} as never }))).toBe('options.agent');
    expect(fieldOf(() => RuntimeKernel.create({ agent, jobStore: {} as never }))).toBe('options.jobStore');
    expect(fieldOf(() => RuntimeKernel.create({ agent, clock: { now: () => 0 } as never }))).toBe(
      'options.clock',
    );
    expect(fieldOf(() => RuntimeKernel.create({ agent, maxStepOutputTokens: 0 }))).toBe(
      'options.maxStepOutputTokens',
    );
    expect(fieldOf(() => RuntimeKernel.create({ agent, tokenEstimator: 5 as never }))).toBe(
      'options.tokenEstimator',
    );
    expect(fieldOf(() => RuntimeKernel.create({ agent, budgetStore: {} as never }))).toBe(
      'options.budgetStore',
    );
    expect(fieldOf(() => new RuntimeKernel({ agent } as never))).toBe('options.jobStore');
  });

  it('two different tools with one name are refused when a job starts, creating no job', async () => {
    const tool = (description: string) =>
      defineTool({ name: 'same', description, inputSchema: z.object({}), execute: () => description });
    const kernel = RuntimeKernel.create({ agent: oneStepDriver('ok'), tools: [tool('a'), tool('b')] });
    const error = await kernel.execute({ prompt: 'p', scopeId: 's' }).catch((e: unknown) => e);
    expect(ValidationError.isInstance(error) && error.field).toBe('tools');
    expect(await kernel.jobs.list()).toEqual([]);
  });
});
