import { fingerprintOf } from './event-fingerprint';
import type { RecordedEvent } from './recorded-event';

/** Problems of a recording's events, as readable lines (empty when it is sound). */
export function eventIssues(events: readonly RecordedEvent[]): string[] {
  const issues: string[] = [];
  let previous = 0;
  events.forEach(({ event, fingerprint, relativeTimestampMs, modelResponse }, index) => {
    const actual = fingerprintOf(event);
    if (actual.type !== fingerprint.type || actual.hash !== fingerprint.hash)
      issues.push(`events.${index}: fingerprint does not match the event (${event.type})`);
    if (relativeTimestampMs < previous)
      issues.push(
        `events.${index}: relativeTimestampMs goes back in time (${relativeTimestampMs} < ${previous})`,
      );
    previous = Math.max(previous, relativeTimestampMs);
    if (event.type === 'model.done' && !modelResponse)
      issues.push(`events.${index}: model.done without its model response`);
    if (modelResponse && event.type !== 'model.done')
      issues.push(`events.${index}: a model response on a ${event.type} event`);
    const step = 'step' in event.data ? event.data.step : undefined;
    if (modelResponse && modelResponse.step !== step)
      issues.push(`events.${index}: model response of step ${modelResponse.step} on step ${String(step)}`);
  });
  return issues;
}
