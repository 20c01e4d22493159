import type { RuntimeEvent, RuntimeEventType } from '@agent-runtime/core';
import { stableHash } from '@agent-runtime/core';

/**
 * Fields that differ between two runs of the same agent logic and so are left out of a fingerprint: every
 * top-level field of the event except `type` and `data` (eventId, timestamp, jobId, runId, traceId, spanId,
 * scopeId, principalId, sessionId), and these keys at any depth of `data`.
 */
export const VOLATILE_DATA_KEYS: readonly string[] = [
  'actionId',
  'toolCallId',
  'resumeToken',
  'durationMs',
  'expiresAt',
  'timestamp',
  'createdAt',
  'resultRef',
  'eventId',
  'jobId',
  'runId',
  'traceId',
  'spanId',
];
const VOLATILE = new Set(VOLATILE_DATA_KEYS);

/** A stable hash of an event's type and normalized data: equal for the same step of two runs. */
export interface EventFingerprint {
  readonly type: RuntimeEventType;
  readonly hash: string;
}

export function fingerprintOf(event: Pick<RuntimeEvent, 'type' | 'data'>): EventFingerprint {
  return { type: event.type, hash: stableHash({ type: event.type, data: normalize(event.data) }) };
}

function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !VOLATILE.has(key))
      .map(([key, inner]) => [key, normalize(inner)]),
  );
}
