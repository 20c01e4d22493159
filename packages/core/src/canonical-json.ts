import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every depth, so equal values always give equal text (and hashes). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A stable hash of any JSON value: `sha256(canonicalJson(value))`. */
export function stableHash(value: unknown): string {
  return sha256(canonicalJson(value) ?? 'undefined');
}
