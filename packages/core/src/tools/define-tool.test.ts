import { expect, it } from 'vitest';
import { z } from 'zod';
import { ExecutionContext } from '../context/execution-context';
import { ValidationError } from '../errors/validation-error';
import { defineTool } from './define-tool';
import type { ToolContext } from './runtime-tool';

const search = defineTool({
  name: 'search_docs',
  description: 'Searches the docs',
  inputSchema: z.object({ query: z.string() }),
  execute: async ({ query }, { jobId }) => `${jobId}:${query}`,
});

it('defines a frozen tool that runs with its context', async () => {
  const toolContext: ToolContext = {
    context: new ExecutionContext({ scopeId: 't' }),
    jobId: 'job-1',
    toolCallId: 'call-1',
    signal: new AbortController().signal,
    createArtifact: async () => {
      throw new Error('not used');
    },
    updateArtifact: async () => {
      throw new Error('not used');
    },
    requireAction: async () => {
      throw new Error('not used');
    },
  };
  expect(Object.isFrozen(search)).toBe(true);
  expect(search.inputSchema.parse({ query: 'x' })).toEqual({ query: 'x' });
  expect(await search.execute({ query: 'q' }, toolContext)).toBe('job-1:q');
});

it.each([
  [{ name: 'has space' }, 'tool.name'],
  [{ name: 'x'.repeat(65) }, 'tool.name'],
  [{ description: '' }, 'tool.description'],
  [{ inputSchema: { type: 'object' } }, 'tool.inputSchema'],
  [{ execute: 'run' }, 'tool.execute'],
  [{ metadata: 'files' }, 'tool.metadata'],
])('rejects %j naming %s', (patch, field) => {
  try {
    defineTool({ ...search, ...patch } as never);
    expect.unreachable();
  } catch (error) {
    expect(ValidationError.isInstance(error)).toBe(true);
    expect((error as ValidationError).field).toBe(field);
  }
});

it('keeps a declared cost and refuses a negative one naming the field', () => {
  const paid = defineTool({
    name: 'paid_search',
    description: 'Costs a cent a call',
    inputSchema: z.object({}),
    cost: '0.01',
    execute: () => 'ok',
  });
  expect(paid.cost).toBe('0.01');
  expect(() =>
    defineTool({ name: 'bad', description: 'd', inputSchema: z.object({}), cost: -1, execute: () => 1 }),
  ).toThrow(expect.objectContaining({ field: 'tool.cost' }));
});
