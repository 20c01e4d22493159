import type { AnyRuntimeEvent, EventHandler } from '@agent-runtime/core';
import { expectTypeOf, it } from 'vitest';
import type { EventLog } from './event-log';
import type { InMemoryEventBus } from './in-memory-event-bus';

it('subscribers, streams and logs hand out the event union', () => {
  expectTypeOf<Parameters<InMemoryEventBus['subscribe']>[0]>().toEqualTypeOf<EventHandler>();
  expectTypeOf<ReturnType<InMemoryEventBus['stream']>>().toExtend<AsyncIterable<AnyRuntimeEvent>>();
  expectTypeOf<Awaited<ReturnType<EventLog['read']>>>().toEqualTypeOf<AnyRuntimeEvent[]>();
  expectTypeOf<ReturnType<EventLog['follow']>>().toEqualTypeOf<AsyncIterable<AnyRuntimeEvent>>();
});
