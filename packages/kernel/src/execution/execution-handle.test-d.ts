import { expectTypeOf, it } from 'vitest';
import type { AnyRuntimeEvent } from '../index';
import type { ExecutionHandle } from './execution-handle';

it('handle.events() yields the event union, so a loop narrows each event by its type', () => {
  expectTypeOf<ReturnType<ExecutionHandle['events']>>().toEqualTypeOf<AsyncIterable<AnyRuntimeEvent>>();
});
