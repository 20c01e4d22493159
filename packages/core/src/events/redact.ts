import { redactData } from './redact-data';
import { RuntimeEvent } from './runtime-event';

export { REDACTED } from './redact-data';

/**
 * The event as an exporter may send it: every field whose key names a resume token (resumeToken,
 * resume_token, resumeTokenHash, at any depth of `data`) replaced by `[redacted]`. Every exporter
 * (SSE, webhooks, Kafka, Redis Streams, OpenTelemetry) sends only what this returns; `toSSE()` frames it too.
 */
export function redactForExport(event: RuntimeEvent): RuntimeEvent {
  const data = redactData(event.data);
  return data === event.data ? event : new RuntimeEvent({ ...event.toJSON(), data });
}
