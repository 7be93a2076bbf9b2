import { randomBytes } from 'node:crypto';
import { generateKeyPair } from '@pulse/auth';
import { placeholderServiceEnv } from '@pulse/testing';
import { configSchema, retryPolicyOf } from '../src/config';

const base = placeholderServiceEnv(generateKeyPair().publicKeyPem);

describe('notification config', () => {
  it('has working defaults: real topic names, no SSRF exceptions, the documented retry policy', () => {
    const config = configSchema.parse(base);
    expect(config).toMatchObject({ PORT: 4105, TOPIC_ARTICLE_SUMMARIZED: 'article.summarized', TOPIC_POST_PUBLISHED: 'post.published', WEBHOOK_ALLOWED_HOSTS: [] });
    expect(retryPolicyOf(config)).toEqual({ maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 900_000, maxRetryAfterMs: 3_600_000 });
  });

  it('reads the SSRF allowlist as a comma-separated list', () => {
    expect(configSchema.parse({ ...base, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, 10.1.0.0/16' }).WEBHOOK_ALLOWED_HOSTS).toEqual(['127.0.0.1', '10.1.0.0/16']);
  });

  it('requires a 32-byte WEBHOOK_SECRET_KEY in production', () => {
    const missing = configSchema.safeParse({ ...base, NODE_ENV: 'production' });
    expect(missing.success).toBe(false);
    expect(missing.error?.issues.map((issue) => issue.path.join('.'))).toContain('WEBHOOK_SECRET_KEY');
    expect(configSchema.safeParse({ ...base, NODE_ENV: 'production', WEBHOOK_SECRET_KEY: 'c2hvcnQ=' }).success).toBe(false);
    const ok = configSchema.parse({ ...base, NODE_ENV: 'production', WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64') });
    expect(ok.WEBHOOK_SECRET_KEY).toHaveLength(32);
  });
});
