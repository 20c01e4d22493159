import { expect, it } from 'vitest';
import { Decimal, moneySchema, toDecimal } from './money';

it.each([
  ['1.10', '1.1'],
  [2, '2'],
  [new Decimal('0.000001'), '0.000001'],
])('accepts %s', (input, expected) => {
  expect(moneySchema.parse(input).toString()).toBe(expected);
});

it.each([['-1'], ['abc'], [Number.NaN], [Number.POSITIVE_INFINITY], [null], [{}]])('rejects %s', (input) => {
  expect(moneySchema.safeParse(input).success).toBe(false);
});

it('adds without binary float error', () => {
  expect(toDecimal('0.1').plus('0.2').toString()).toBe('0.3');
});
