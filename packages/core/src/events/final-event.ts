import type { RuntimeEvent } from './runtime-event';

/** True for the last event of a job's run (`final.result` or `final.error`): event streams end after it. */
export function isFinalEvent(event: RuntimeEvent): boolean {
  return event.type === 'final.result' || event.type === 'final.error';
}
