import { expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { RuntimeEventType } from '../events/runtime-event-type';
import { defineTool } from './define-tool';

it('infers the input type from the zod schema', () => {
  const tool = defineTool({
    name: 'add',
    description: 'adds',
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: ({ a, b }) => a + b,
  });
  expectTypeOf(tool.execute).parameter(0).toEqualTypeOf<{ a: number; b: number }>();
  expectTypeOf(tool.execute).returns.toEqualTypeOf<number | Promise<number>>();
});

it('event types are a union of string literals', () => {
  expectTypeOf<'job.started'>().toExtend<RuntimeEventType>();
  expectTypeOf<'job_started'>().not.toExtend<RuntimeEventType>();
});
