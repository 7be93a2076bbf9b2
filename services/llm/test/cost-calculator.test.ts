import { aggregateCosts, costOfUsage, priceFor, totalTokens, type PriceTable } from '../src/domain/cost-calculator';

const prices: PriceTable = {
  'claude-sonnet-4-5': { input: 3, output: 15, cacheWrite: 3.75, cacheRead: 0.3 },
};
const usage = { inputTokens: 1_000, outputTokens: 500, cacheWriteTokens: 2_000, cacheReadTokens: 10_000 };

describe('cost accounting', () => {
  it('prices every token kind per million tokens', () => {
    // 1000*3 + 500*15 + 2000*3.75 + 10000*0.3 = 3000 + 7500 + 7500 + 3000 = 21000 per million
    expect(costOfUsage(usage, priceFor(prices, 'claude-sonnet-4-5'))).toBe(0.021);
  });

  it('halves the price of Message Batches by default and honours a configured discount', () => {
    const price = priceFor(prices, 'claude-sonnet-4-5');
    expect(costOfUsage(usage, price, { batch: true })).toBe(0.0105);
    expect(costOfUsage(usage, price, { batch: true, batchDiscount: 0.4 })).toBe(0.0084);
    // The price table's own batch factor applies when the caller gives none.
    expect(costOfUsage(usage, { ...price, batchFactor: 0.4 }, { batch: true })).toBe(0.0084);
    expect(costOfUsage(usage, { ...price, batchFactor: 0.4 })).toBe(0.021);
  });

  it('sums usage and cost over the calls of an article', () => {
    const total = aggregateCosts([
      { usage, costUsd: 0.021 },
      { usage: { inputTokens: 1, outputTokens: 2, cacheWriteTokens: 3, cacheReadTokens: 4 }, costUsd: 0.000001 },
    ]);
    expect(total).toEqual({ usage: { inputTokens: 1_001, outputTokens: 502, cacheWriteTokens: 2_003, cacheReadTokens: 10_004 }, costUsd: 0.021001 });
    expect(totalTokens(total.usage)).toBe(13_510);
  });

  it('refuses a model missing from the price table, naming it', () => {
    expect(() => priceFor(prices, 'claude-unknown')).toThrow('No price configured for model claude-unknown');
  });
});
