/** Freezes a plain JSON-like value and everything inside it; returns it. */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) deepFreeze(inner);
  return Object.freeze(value);
}

/** A frozen deep copy of a JSON value, so callers can neither change it later nor through the result. */
export function frozenCopy<T>(value: T): T {
  return deepFreeze(structuredClone(value));
}
