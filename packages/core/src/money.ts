import { Decimal } from 'decimal.js';
import { z } from 'zod';

export { Decimal };

/** Money accepted at the API boundary; stored and computed as Decimal, carried in JSON as a decimal string. */
export type MoneyInput = Decimal | string | number;

/** Above this, or with more decimal places than this, an amount is refused (no store could keep it exactly). */
export const MONEY_LIMITS = Object.freeze({ max: '1e30', maxDecimalPlaces: 30 });

function isMoney(value: unknown): boolean {
  try {
    const amount = new Decimal(value as Decimal.Value);
    return (
      amount.isFinite() &&
      !amount.isNegative() &&
      amount.lessThanOrEqualTo(MONEY_LIMITS.max) &&
      amount.decimalPlaces() <= MONEY_LIMITS.maxDecimalPlaces
    );
  } catch {
    return false;
  }
}

/** A non-negative amount within MONEY_LIMITS as Decimal, from Decimal, a decimal string or a number. */
export const moneySchema = z
  .union([z.custom<Decimal>((value) => Decimal.isDecimal(value)), z.string(), z.number()])
  .refine(
    isMoney,
    `must be a non-negative decimal amount of at most ${MONEY_LIMITS.max}, with at most ${MONEY_LIMITS.maxDecimalPlaces} decimal places`,
  )
  .transform((value) => new Decimal(value));

export function toDecimal(value: MoneyInput): Decimal {
  return new Decimal(value);
}
