import { z } from 'zod';
import type { JsonObject, JsonValue } from '../json';
import { INPUT_LIMITS, unstorableText, utf8Length } from './input-limits';

/** Limits of one JSON value; each defaults to `INPUT_LIMITS`. */
export interface JsonLimits {
  /** @default INPUT_LIMITS.maxJsonDepth (64) */
  maxDepth?: number;
  /** @default INPUT_LIMITS.maxJsonBytes (1 MiB) */
  maxBytes?: number;
  /**
   * Keep the deep-frozen parts of the input instead of copying them (they cannot change): for a consumer that
   * freezes its copy anyway. A frozen part once checked is not walked again. @default false
   */
  keepFrozen?: boolean;
}

/** Deep-frozen JSON values already checked: their JSON size and nesting height, which cannot change. */
const checkedFrozen = new WeakMap<object, { bytes: number; height: number }>();

/** Whether `value` is frozen and all its own keys are enumerable data properties with string names. */
function isFrozenPlainData(value: object): boolean {
  if (!Object.isFrozen(value)) return false;
  const keys = Reflect.ownKeys(value);
  for (const key of keys) {
    if (Array.isArray(value) && key === 'length') continue;
    const descriptor = typeof key === 'string' ? Object.getOwnPropertyDescriptor(value, key) : undefined;
    if (descriptor === undefined || !descriptor.enumerable || !('value' in descriptor)) return false;
  }
  return !Array.isArray(value) || keys.length === value.length + 1;
}

/** Where a value sits, innermost key first: built as a chain, and turned into an array only for an issue. */
type Path = { readonly parent: Path; readonly key: string | number } | undefined;

function pathArray(path: Path): (string | number)[] {
  const keys: (string | number)[] = [];
  for (let at = path; at !== undefined; at = at.parent) keys.unshift(at.key);
  return keys;
}

class JsonIssue {
  readonly path: (string | number)[];

  constructor(
    path: Path,
    readonly message: string,
  ) {
    this.path = pathArray(path);
  }
}

/**
 * Copies `value` as plain JSON, or throws a JsonIssue at the first thing that is not JSON every store can
 * keep. Recursion is bounded by `maxDepth`, and the work by `maxBytes` (counted as it goes), so cyclic,
 * very deep or very large input costs little to refuse.
 */
function copyJson(value: unknown, { maxDepth, maxBytes, keepFrozen }: Required<JsonLimits>): JsonValue {
  let bytes = 0;
  const ancestors: object[] = [];
  const count = (n: number, path: Path) => {
    bytes += n;
    if (bytes > maxBytes) throw new JsonIssue(path, `must be at most ${maxBytes} bytes as JSON`);
  };
  const text = (s: string, path: Path) => {
    if (s.length > maxBytes) count(s.length, path);
    const problem = unstorableText(s);
    if (problem) throw new JsonIssue(path, problem);
    count(utf8Length(s) + 2, path);
    return s;
  };
  const visit = (v: unknown, path: Path, depth: number): JsonValue => {
    if (v === null || typeof v === 'boolean') {
      count(5, path);
      return v;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v))
        throw new JsonIssue(path, 'must be a finite number (NaN and Infinity are not JSON)');
      count(24, path);
      return v;
    }
    if (typeof v === 'string') return text(v, path);
    if (typeof v !== 'object') throw new JsonIssue(path, `must be JSON (got a ${typeof v})`);
    const known = keepFrozen ? checkedFrozen.get(v) : undefined;
    // within the limits, a checked frozen value is kept; else it is walked, for the issue at its exact path
    if (known && depth + known.height <= maxDepth && bytes + known.bytes <= maxBytes) {
      bytes += known.bytes;
      return v as JsonValue;
    }
    const before = bytes;
    const copy = visitObject(v, path, depth);
    if (keepFrozen && isKept(v, copy)) {
      checkedFrozen.set(v, { bytes: bytes - before, height: 1 + childHeight(v) });
      return v as JsonValue;
    }
    return copy;
  };
  /** Whether `v` can stand for its copy: frozen plain data whose every object child was kept as well. */
  const isKept = (v: object, copy: JsonValue): boolean => {
    if (!isFrozenPlainData(v)) return false;
    const source = Object.values(v);
    const copied = Object.values(copy as object);
    return source.every((item, i) => item === null || typeof item !== 'object' || copied[i] === item);
  };
  const childHeight = (v: object): number => {
    let height = 0;
    for (const item of Object.values(v))
      if (item !== null && typeof item === 'object')
        height = Math.max(height, checkedFrozen.get(item)!.height);
    return height;
  };
  const visitObject = (v: object, path: Path, depth: number): JsonValue => {
    if (ancestors.includes(v)) throw new JsonIssue(path, 'must not be cyclic');
    if (depth >= maxDepth) throw new JsonIssue(path, `must not be nested deeper than ${maxDepth} levels`);
    ancestors.push(v);
    try {
      if (Array.isArray(v)) {
        count(2, path);
        return v.map((item, i) => visit(item, { parent: path, key: i }, depth + 1));
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null)
        throw new JsonIssue(path, `must be JSON (got a ${proto?.constructor?.name ?? 'non-plain'} object)`);
      count(2, path);
      const copy: JsonObject = {};
      for (const [key, item] of Object.entries(v)) {
        const at = { parent: path, key };
        text(key, at);
        const inner = visit(item, at, depth + 1);
        // assigning `__proto__` would set the copy's prototype instead of copying the key
        if (key === '__proto__')
          Object.defineProperty(copy, key, {
            value: inner,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        else copy[key] = inner;
      }
      return copy;
    } finally {
      ancestors.pop();
    }
  };
  return visit(value, undefined, 0);
}

function schemaOf<T extends JsonValue>(limits: JsonLimits, check: (value: JsonValue) => string | undefined) {
  const resolved = {
    maxDepth: limits.maxDepth ?? INPUT_LIMITS.maxJsonDepth,
    maxBytes: limits.maxBytes ?? INPUT_LIMITS.maxJsonBytes,
    keepFrozen: limits.keepFrozen ?? false,
  };
  return z.unknown().transform((value, ctx): T => {
    try {
      const copy = copyJson(value, resolved);
      const problem = check(copy);
      if (problem === undefined) return copy as T;
      ctx.issues.push({ code: 'custom', message: problem, input: value });
    } catch (error) {
      if (!(error instanceof JsonIssue)) throw error;
      ctx.issues.push({ code: 'custom', message: error.message, input: value, path: error.path });
    }
    return z.NEVER;
  });
}

/**
 * Any JSON value within `limits` (depth, bytes), with strings every store can keep (no NUL, no unpaired
 * surrogate); refuses cycles, BigInt, NaN/Infinity, undefined, functions and class instances, naming the
 * offending path. Parses to a deep copy.
 */
export function jsonValueSchema(limits: JsonLimits = {}) {
  return schemaOf<JsonValue>(limits, () => undefined);
}

/** A JSON object (metadata, payload, resolution) under the same rules as jsonValueSchema. */
export function jsonObjectSchema(limits: JsonLimits = {}) {
  return schemaOf<JsonObject>(limits, (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : 'must be an object',
  );
}
