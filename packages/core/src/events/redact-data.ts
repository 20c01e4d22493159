export const REDACTED = '[redacted]';
const SECRET_KEY = /resume.?token/i;

/**
 * `data` with every field whose key names a resume token (resumeToken, resume_token, resumeTokenHash, at any
 * depth) replaced by `[redacted]`; `data` itself when it holds none.
 */
export function redactData<D extends object>(data: D): D {
  // a redacted field keeps its key and holds a string, as a resume token already does
  return redactValue(data) as D;
}

/** Copies only along the path to a secret, so an event without one costs no allocation. */
function redactValue(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, i) => {
      const next = redactValue(item);
      if (next === item) return;
      copy ??= [...value];
      copy[i] = next;
    });
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const inner = (value as Record<string, unknown>)[key];
    const next = SECRET_KEY.test(key) ? REDACTED : redactValue(inner);
    if (next === inner) continue;
    copy ??= { ...value };
    copy[key] = next;
  }
  return copy ?? value;
}
