import { type AnyRuntimeEvent, RuntimeEvent, redactForExport, ValidationError } from '@agent-runtime/core';

/** The fields of one stream entry: the event type (for consumers that filter without parsing) and its JSON. */
export function encodeEntry(event: RuntimeEvent): string[] {
  const exported = redactForExport(event);
  return ['type', exported.type, 'event', JSON.stringify(exported.toJSON())];
}

/** The event stored in a stream entry; a foreign or corrupt entry throws ValidationError naming its id. */
export function decodeEntry(stream: string, id: string, fields: readonly string[] | null): AnyRuntimeEvent {
  const json = fieldValue(fields, 'event');
  if (json === undefined) {
    throw new ValidationError({
      field: `${stream}.${id}.event`,
      message: `stream entry ${id} has no event field`,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new ValidationError({
      field: `${stream}.${id}.event`,
      message: `stream entry ${id} is not JSON`,
      cause,
    });
  }
  return RuntimeEvent.fromJSON(parsed);
}

function fieldValue(fields: readonly string[] | null, key: string): string | undefined {
  if (!fields) return undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === key) return fields[i + 1];
  return undefined;
}
