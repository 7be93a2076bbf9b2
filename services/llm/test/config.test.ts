import { generateKeyPair } from '@pulse/auth';
import { placeholderServiceEnv } from '@pulse/testing';
import { loadConfig } from '@pulse/config';
import { configSchema, DEFAULT_PRICES } from '../src/config';
import { NicheSettings } from '../src/summarization/niche-settings';

const base = placeholderServiceEnv(generateKeyPair().publicKeyPem);

describe('llm config', () => {
  it('works without an API key and has a price for the default model', () => {
    const config = loadConfig(configSchema, base);
    expect(config.ANTHROPIC_API_KEY).toBeUndefined();
    expect(config.LLM_PRICES).toEqual(DEFAULT_PRICES);
    expect(config.LLM_PRICES[config.LLM_MODEL]).toBeDefined();
    expect(config).toMatchObject({ PORT: 4102, LLM_MODE: 'staged', TOPIC_NEWS_FETCHED: 'news.fetched', CONSUMER_GROUP: 'llm.news.fetched' });
  });

  it('names every bad JSON or out-of-range variable at once', () => {
    let message = '';
    try {
      loadConfig(configSchema, { ...base, LLM_PRICES: '{nope', LLM_NICHES: '{"ai":{"scoreThreshold":2}}', LLM_MODE: 'fast' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('3 problems');
    expect(message).toContain('LLM_PRICES: must be valid JSON');
    expect(message).toContain('LLM_NICHES.ai.scoreThreshold');
    expect(message).toContain('LLM_MODE');
  });

  it('merges per-niche settings over the defaults', () => {
    const config = loadConfig(configSchema, {
      ...base,
      ANTHROPIC_API_KEY: 'k',
      LLM_NICHES: JSON.stringify({ ai: { dailyCostBudgetUsd: 5, audience: 'developers' } }),
      LLM_NICHE_DEFAULTS: JSON.stringify({ scoreThreshold: 0.4, summaryWords: 80, dailyTokenBudget: 1000 }),
    });
    const niches = new NicheSettings(config);
    expect(niches.selection).toEqual({
      niches: { ai: { scoreThreshold: 0.4, dailyTokenBudget: 1000, dailyCostBudgetUsd: 5 } },
      defaults: { scoreThreshold: 0.4, dailyTokenBudget: 1000 },
      apiAvailable: true,
    });
    expect(niches.profileOf('ai')).toEqual({ name: 'ai', audience: 'developers', summaryWords: 80 });
    expect(niches.profileOf('golf')).toEqual({ name: 'golf', audience: 'readers interested in golf', summaryWords: 80 });
  });
});
