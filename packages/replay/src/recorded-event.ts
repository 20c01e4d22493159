import type { AnyRuntimeEvent } from '@agent-runtime/core';
import type { EventFingerprint } from './event-fingerprint';
import type { ModelResponse } from './model-response';

/** An event of a recording: the event, its fingerprint, when it happened, and for `model.done` the step. */
export interface RecordedEvent {
  readonly event: AnyRuntimeEvent;
  readonly fingerprint: EventFingerprint;
  /** Milliseconds since the recording started. */
  readonly relativeTimestampMs: number;
  /** On `model.done` events: the model's response for that step, served again by deterministic replay. */
  readonly modelResponse?: ModelResponse;
}
