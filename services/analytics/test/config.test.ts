import { generateKeyPair } from '@pulse/auth';
import { placeholderServiceEnv } from '@pulse/testing';
import { loadConfig } from '@pulse/config';
import { configSchema, consumedTopics } from '../src/config';

const base = placeholderServiceEnv(generateKeyPair().publicKeyPem);

describe('analytics config', () => {
  it('consumes the three pipeline topics and post.engagement by default', () => {
    expect(consumedTopics(loadConfig(configSchema, base))).toEqual(['news.fetched', 'article.summarized', 'post.published', 'post.engagement']);
  });

  it('turns the engagement consumer off with CONSUME_POST_ENGAGEMENT=false, not with a blank topic name', () => {
    expect(consumedTopics(loadConfig(configSchema, { ...base, CONSUME_POST_ENGAGEMENT: 'false' }))).toEqual(['news.fetched', 'article.summarized', 'post.published']);
    // The loader reads a blank variable as unset: the default topic, consumed.
    expect(consumedTopics(loadConfig(configSchema, { ...base, TOPIC_POST_ENGAGEMENT: '' }))).toContain('post.engagement');
  });
});
