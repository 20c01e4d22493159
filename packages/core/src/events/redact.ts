import { RuntimeEvent } from './runtime-event';

export const REDACTED = '[redacted]';
const SECRET_KEY = /resume.?token/i;

/**
 * The event as an exporter may send it: every field whose key names a resume token (resumeToken,
 * resume_token, resumeTokenHash, at any depth of `data`) replaced by `[redacted]`. Every exporter
 * (SSE, webhooks, Kafka, Redis Streams, OpenTelemetry) sends only what this returns.
 */
export function redactForExport(event: RuntimeEvent): RuntimeEvent {
  const data = redactValue(event.data) as Record<string, unknown>;
  return data === event.data ? event : new RuntimeEvent({ ...event.toJSON(), data });
}

function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(redactValue);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (value === null || typeof value !== 'object') return value;
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const next = SECRET_KEY.test(key) ? REDACTED : redactValue(inner);
    if (next !== inner) changed = true;
    out[key] = next;
  }
  return changed ? out : value;
}
