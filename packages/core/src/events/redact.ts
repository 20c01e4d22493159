import { redactData } from './redact-data';
import type { RuntimeEvent } from './runtime-event';

export { REDACTED } from './redact-data';

/**
 * The event as an exporter may send it: every field whose key names a resume token (resumeToken,
 * resume_token, resumeTokenHash, at any depth of `data`) replaced by `[redacted]`. Every exporter
 * (SSE, webhooks, Kafka, Redis Streams, OpenTelemetry) sends only what this returns; `toSSE()` frames it too.
 */
export function redactForExport<E extends RuntimeEvent>(event: E): E {
  const data = redactData(event.data);
  return data === event.data ? event : (event.with({ data }) as E);
}
