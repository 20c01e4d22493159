export const REDACTED = '[redacted]';
const SECRET_KEY = /resume.?token/i;

/**
 * `data` with every field whose key names a resume token (resumeToken, resume_token, resumeTokenHash, at any
 * depth) replaced by `[redacted]`; `data` itself when it holds none.
 */
export function redactData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactValue(data) as Record<string, unknown>;
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
