import type { JsonValue } from '@agent-runtime/core';

/** A JSON copy of `value` (what a store keeps): drops undefined and functions, turns dates into strings. */
export function toJsonValue(value: unknown): JsonValue {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}
