import type { RuntimeEvent } from '@agent-runtime/core';

/**
 * A step's own events: a resumed run repeats or does without them (tokens and tool progress of a step it
 * continues from its checkpoint). Every other type (`final.*`, `job.*`, `action.*`, artifacts, types this
 * list does not know) is a durability point.
 */
const STEP_EVENT_TYPES = new Set<string>([
  'model.token',
  'model.reasoning',
  'model.done',
  'tool.start',
  'tool.end',
  'tool.error',
  'progress',
]);

/** True when every event is a step's own: a store with `synchronousCommit: 'durability-points'` need not wait for their flush. */
export function onlyStepEvents(events: readonly RuntimeEvent[]): boolean {
  return events.every((event) => STEP_EVENT_TYPES.has(event.type));
}
