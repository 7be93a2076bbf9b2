import { decide, usageMatters, type SelectionConfig } from '../src/domain/selection-policy';
import { solarArticle } from './fixtures/articles.fixture';

const config: SelectionConfig = {
  niches: {
    climate: { scoreThreshold: 0.5, dailyTokenBudget: 100_000, dailyCostBudgetUsd: 2 },
    sports: { scoreThreshold: 0.8 },
  },
  defaults: { scoreThreshold: 0.3 },
  apiAvailable: true,
};
const nothingUsed = { tokens: 0, costUsd: 0 };

describe('selection and budget decisions', () => {
  it('summarizes an article above its niche threshold while the budget lasts', () => {
    expect(decide(solarArticle({ score: 0.9 }), { tokens: 99_999, costUsd: 1.99 }, config)).toMatchObject({ action: 'summarize', reason: 'selected' });
  });

  it('skips an article below its niche threshold and says why', () => {
    const decision = decide(solarArticle({ niche: 'sports', score: 0.7 }), nothingUsed, config);
    expect(decision).toEqual({ action: 'skip', reason: 'below-threshold', detail: 'score 0.7 < threshold 0.8 for niche sports' });
  });

  it('uses the default threshold for a niche without its own settings', () => {
    expect(decide(solarArticle({ niche: 'gardening', score: 0.35 }), nothingUsed, config).action).toBe('summarize');
    expect(decide(solarArticle({ niche: 'gardening', score: 0.25 }), nothingUsed, config).action).toBe('skip');
  });

  it('goes extractive once the daily token budget is used up', () => {
    expect(decide(solarArticle(), { tokens: 100_000, costUsd: 0.5 }, config)).toMatchObject({ action: 'extractive', reason: 'token-budget-exhausted' });
  });

  it('goes extractive once the daily cost budget is used up', () => {
    expect(decide(solarArticle(), { tokens: 10, costUsd: 2 }, config)).toMatchObject({ action: 'extractive', reason: 'cost-budget-exhausted' });
  });

  it('goes extractive without an API key but still skips what is below the threshold', () => {
    const offline = { ...config, apiAvailable: false };
    expect(decide(solarArticle(), nothingUsed, offline)).toMatchObject({ action: 'extractive', reason: 'no-api-key' });
    expect(decide(solarArticle({ score: 0.1 }), nothingUsed, offline)).toMatchObject({ action: 'skip', reason: 'below-threshold' });
  });

  it('skips an article without text', () => {
    expect(decide(solarArticle({ text: ' \n ' }), nothingUsed, config)).toMatchObject({ action: 'skip', reason: 'empty-text' });
  });

  it('needs today\'s usage only for a niche with a budget and only with an API key', () => {
    expect(usageMatters('climate', config)).toBe(true);
    expect(usageMatters('sports', config)).toBe(false);
    expect(usageMatters('gardening', config)).toBe(false);
    expect(usageMatters('gardening', { ...config, defaults: { scoreThreshold: 0.3, dailyCostBudgetUsd: 1 } })).toBe(true);
    expect(usageMatters('climate', { ...config, apiAvailable: false })).toBe(false);
  });
});
