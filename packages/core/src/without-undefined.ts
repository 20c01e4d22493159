/** A shallow copy without the keys whose value is `undefined` (so JSON and equality see only what is set). */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
