import { RuntimeEvent } from './runtime-event';
import type { RuntimeEventContent } from './runtime-event-data';
import type { RuntimeEventType } from './runtime-event-type';

/** What a job's lifecycle events say about the job they are about (a JobRecord fits). */
export interface JobEventIdentity {
  readonly jobId: string;
  readonly scopeId?: string;
  readonly principalId?: string;
  readonly sessionId?: string;
  readonly runId?: string;
  readonly traceId?: string;
}

/** A lifecycle event (its type and that type's data) stamped with its job's identity and the time it happened. */
export function jobLifecycleEvent<T extends RuntimeEventType>(
  event: RuntimeEventContent<T>,
  job: JobEventIdentity,
  timestamp: number,
): RuntimeEvent {
  const { jobId, scopeId, principalId, sessionId, runId, traceId } = job;
  return new RuntimeEvent({
    type: event.type,
    data: event.data,
    timestamp,
    jobId,
    scopeId,
    principalId,
    sessionId,
    runId,
    traceId,
  });
}
