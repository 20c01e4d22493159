import { describe, expectTypeOf, it } from 'vitest';
import type { TokenUsage } from '../agent/token-usage';
import type { SerializedError } from '../errors/agent-runtime-error';
import type { EventHandler } from './event-bus';
import { type FinalEvent, isFinalEvent } from './final-event';
import { redactForExport } from './redact';
import { type AnyRuntimeEvent, RuntimeEvent } from './runtime-event';
import type { RuntimeEventDataMap } from './runtime-event-data';

declare const event: AnyRuntimeEvent;

describe('AnyRuntimeEvent narrows data with type, without a cast', () => {
  it('action.required', () => {
    if (event.type === 'action.required') {
      expectTypeOf(event.data.resumeToken).toEqualTypeOf<string>();
      expectTypeOf(event.data.payload).toEqualTypeOf<Record<string, unknown>>();
      expectTypeOf(event.data.toolCallId).toEqualTypeOf<string | undefined>();
    }
  });

  it('tool.end', () => {
    if (event.type === 'tool.end') {
      expectTypeOf(event.data.toolName).toEqualTypeOf<string>();
      expectTypeOf(event.data.durationMs).toEqualTypeOf<number>();
      expectTypeOf(event.data.output).toEqualTypeOf<unknown>();
    }
  });

  it('model.done', () => {
    if (event.type === 'model.done') {
      expectTypeOf(event.data.usage).toEqualTypeOf<TokenUsage>();
      expectTypeOf(event.data.cost).toEqualTypeOf<string>();
      expectTypeOf(event.data.toolCalls).items.toHaveProperty('toolName');
    }
  });

  it('final.result and final.error', () => {
    if (event.type === 'final.result') {
      expectTypeOf(event.data.content).toEqualTypeOf<string>();
      expectTypeOf(event.data.usage.totalCost).toEqualTypeOf<string>();
      expectTypeOf(event.data.turns).toEqualTypeOf<number>();
    }
    if (event.type === 'final.error') expectTypeOf(event.data.error).toEqualTypeOf<SerializedError>();
  });

  it('tool.start carries the policy warning', () => {
    if (event.type === 'tool.start')
      expectTypeOf(event.data.policyWarning).toEqualTypeOf<string | undefined>();
  });

  it('a field of another type is not there before narrowing', () => {
    // @ts-expect-error resumeToken exists only on action.required
    void event.data.resumeToken;
    if (event.type === 'tool.end') {
      // @ts-expect-error a tool.end event has no resume token
      void event.data.resumeToken;
    }
  });

  it('a switch narrows each case', () => {
    switch (event.type) {
      case 'model.token':
        expectTypeOf(event.data.delta).toEqualTypeOf<string>();
        break;
      case 'job.status_changed':
        expectTypeOf(event.data).toEqualTypeOf<Readonly<RuntimeEventDataMap['job.status_changed']>>();
        break;
    }
  });
});

describe('the places that hand events out give the union', () => {
  it('EventHandler', () => {
    expectTypeOf<Parameters<EventHandler>[0]>().toEqualTypeOf<AnyRuntimeEvent>();
  });

  it('fromJSON', () => {
    expectTypeOf(RuntimeEvent.fromJSON).returns.toEqualTypeOf<AnyRuntimeEvent>();
  });

  it('isFinalEvent narrows to the final events', () => {
    if (isFinalEvent(event)) {
      expectTypeOf(event).toEqualTypeOf<FinalEvent>();
      expectTypeOf(event.type).toEqualTypeOf<'final.result' | 'final.error'>();
    }
  });

  it('redactForExport keeps the type', () => {
    expectTypeOf(redactForExport(event)).toEqualTypeOf<AnyRuntimeEvent>();
  });
});

describe('constructing an event checks its data against its type', () => {
  it('infers the type parameter from type', () => {
    const progress = new RuntimeEvent({ type: 'progress', data: { progress: 0.5 } });
    expectTypeOf(progress).toEqualTypeOf<RuntimeEvent<'progress'>>();
    expectTypeOf(progress.data.progress).toEqualTypeOf<number>();
    expectTypeOf(progress.with({ seq: 1 })).toEqualTypeOf<RuntimeEvent<'progress'>>();
    expectTypeOf(progress).toExtend<AnyRuntimeEvent>();
  });

  it('refuses data of the wrong shape, and missing data that has required fields', () => {
    // @ts-expect-error progress is a number
    void new RuntimeEvent({ type: 'progress', data: { progress: 'half' } });
    // @ts-expect-error final.result needs its content, usage and turns
    void new RuntimeEvent({ type: 'final.result' });
    // data may be left out when every field of the type is optional
    void new RuntimeEvent({ type: 'job.started' });
  });
});
