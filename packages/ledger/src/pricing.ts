import { Decimal, type MoneyInput, moneySchema, parseInput } from '@agent-runtime/core';
import { z } from 'zod';
import type { UsageInput } from './ledger-event';

/** Prices of one model in dollars per million tokens. */
export interface ModelPrice {
  readonly inputPerMillion: MoneyInput;
  readonly outputPerMillion: MoneyInput;
}

/** Model id → price. Used when the provider reports no cost. */
export type PricingTable = Readonly<Record<string, ModelPrice>>;

const pricingSchema = z.record(
  z.string().min(1),
  z.strictObject({ inputPerMillion: moneySchema, outputPerMillion: moneySchema }),
);

type ParsedPricing = Readonly<Record<string, { inputPerMillion: Decimal; outputPerMillion: Decimal }>>;

export function parsePricing(table: PricingTable = {}): ParsedPricing {
  return parseInput(pricingSchema, table, 'pricing');
}

/** input × inputPrice / 1e6 + output × outputPrice / 1e6; 0 for a model not in the table. */
export function priceUsage(pricing: ParsedPricing, model: string, usage: UsageInput): Decimal {
  const price = Object.hasOwn(pricing, model) ? pricing[model] : undefined;
  if (!price) return new Decimal(0);
  return price.inputPerMillion
    .times(usage.inputTokens ?? 0)
    .plus(price.outputPerMillion.times(usage.outputTokens ?? 0))
    .dividedBy(1_000_000);
}
