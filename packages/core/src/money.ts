import { Decimal } from 'decimal.js';
import { z } from 'zod';

export { Decimal };

/** Money accepted at the API boundary; stored and computed as Decimal, carried in JSON as a decimal string. */
export type MoneyInput = Decimal | string | number;

function isMoney(value: unknown): boolean {
  try {
    const amount = new Decimal(value as Decimal.Value);
    return amount.isFinite() && !amount.isNegative();
  } catch {
    return false;
  }
}

/** A non-negative, finite amount as Decimal, from Decimal, a decimal string or a number. */
export const moneySchema = z
  .union([z.custom<Decimal>((value) => Decimal.isDecimal(value)), z.string(), z.number()])
  .refine(isMoney, 'must be a non-negative, finite decimal amount')
  .transform((value) => new Decimal(value));

export function toDecimal(value: MoneyInput): Decimal {
  return new Decimal(value);
}
