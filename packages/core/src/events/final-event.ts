import type { RuntimeEvent } from './runtime-event';

/** The last event of a job's run. */
export type FinalEvent = RuntimeEvent<'final.result'> | RuntimeEvent<'final.error'>;

/** True for the last event of a job's run (`final.result` or `final.error`): event streams end after it. */
export function isFinalEvent(event: RuntimeEvent): event is FinalEvent {
  return event.type === 'final.result' || event.type === 'final.error';
}
