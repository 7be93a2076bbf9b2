import { ValidationError } from '@pulse/errors';
import { ZERO_USAGE, addUsage, type TokenUsage } from './summary.types';

/** USD per million tokens for one model, from config. */
export interface ModelPrice {
  input: number;
  output: number;
  /** Writing the prompt cache (5-minute breakpoints cost 1.25x input at Anthropic). */
  cacheWrite: number;
  cacheRead: number;
  /** Share of the prices billed for Message Batches requests (default 0.5: half price). */
  batchFactor?: number | undefined;
}

export type PriceTable = Readonly<Record<string, ModelPrice>>;

export interface CostOptions {
  /** Message Batches are billed at a discount; 0.5 means half price (overrides the price's batchFactor). */
  batchDiscount?: number;
  batch?: boolean;
}

const PER_MILLION = 1_000_000;

/** The price of `model`, or a ValidationError naming the model when the table lacks it. */
export function priceFor(table: PriceTable, model: string): ModelPrice {
  const price = table[model];
  if (!price) throw new ValidationError(`No price configured for model ${model}`, [`prices.${model}: missing`]);
  return price;
}

/** Cost in USD of one call's usage; rounded to 1e-9 USD so sums stay exact enough to compare. */
export function costOfUsage(usage: TokenUsage, price: ModelPrice, options: CostOptions = {}): number {
  const raw =
    (usage.inputTokens * price.input +
      usage.outputTokens * price.output +
      usage.cacheWriteTokens * price.cacheWrite +
      usage.cacheReadTokens * price.cacheRead) /
    PER_MILLION;
  const factor = options.batch ? (options.batchDiscount ?? price.batchFactor ?? 0.5) : 1;
  return roundUsd(raw * factor);
}

export function roundUsd(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** One priced call, as recorded per stage. */
export interface PricedUsage {
  usage: TokenUsage;
  costUsd: number;
}

/** Sums usages and costs (per article, per tenant/niche/day). */
export function aggregateCosts(items: readonly PricedUsage[]): PricedUsage {
  return items.reduce<PricedUsage>(
    (total, item) => ({ usage: addUsage(total.usage, item.usage), costUsd: roundUsd(total.costUsd + item.costUsd) }),
    { usage: { ...ZERO_USAGE }, costUsd: 0 },
  );
}

/** All tokens a usage record counts (what a token budget is measured in). */
export function totalTokens(usage: TokenUsage): number {
  return usage.inputTokens + usage.outputTokens + usage.cacheWriteTokens + usage.cacheReadTokens;
}
