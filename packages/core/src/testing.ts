/**
 * Inputs that break naive JSON handling and the stores, for fuzz and validation tests of any entry point:
 * every public entry point must refuse each of them with a typed error.
 */

/** `{ a: { a: … } }`, `depth` levels deep: past any recursion limit at 20,000. */
export function nestedValue(depth: number, leaf: unknown = 1): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** An object that contains itself. */
export function cyclicValue(): Record<string, unknown> {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
}

/**
 * Values no store can keep: a cycle, 20,000 levels of nesting, BigInt, NaN, Infinity, NUL bytes, lone
 * surrogates, a 9,000-character string (over PostgreSQL's index row limit), a number out of `numeric` range,
 * a reserved schema name, a function, a Date, and objects holding some of them.
 */
export function hostileValues(): unknown[] {
  const cyclic = cyclicValue();
  return [
    cyclic,
    [cyclic],
    nestedValue(20_000),
    10n,
    { big: 1n },
    Number.NaN,
    Number.POSITIVE_INFINITY,
    'a\u0000b',
    { nul: 'a\u0000' },
    { 'k\u0000': 1 },
    'lone \ud800 surrogate',
    '\udc00',
    { s: '\ud800' },
    'x'.repeat(9000),
    '1e200000',
    { cost: '1e200000' },
    'pg_catalog',
    () => 1,
    new Date(0),
  ];
}
