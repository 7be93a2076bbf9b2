import { contentHash, summaryCacheKey } from '../src/domain/content-hash';

const base = { title: 'Solar plan', text: 'The council said “yes” — finally.', promptVersion: 'summary-v1+facts-v1+tone-v1', niche: 'climate', outputLanguage: 'en', model: 'claude-sonnet-4-5' };

describe('content hash', () => {
  it('is the same for text that differs only in whitespace and quote or dash style', () => {
    expect(contentHash({ ...base, text: '  The council said "yes"   - finally.\n' })).toBe(contentHash(base));
  });

  it('changes with the prompt version, niche, language, model or wording', () => {
    const hash = contentHash(base);
    expect(contentHash({ ...base, promptVersion: 'summary-v2+facts-v1+tone-v1' })).not.toBe(hash);
    expect(contentHash({ ...base, niche: 'energy' })).not.toBe(hash);
    expect(contentHash({ ...base, outputLanguage: 'de' })).not.toBe(hash);
    expect(contentHash({ ...base, model: 'claude-haiku-4-5' })).not.toBe(hash);
    expect(contentHash({ ...base, text: 'The council said “no” — finally.' })).not.toBe(hash);
  });

  it('builds a namespaced sha256 cache key', () => {
    expect(summaryCacheKey(base)).toMatch(/^llm:summary:[0-9a-f]{64}$/);
  });
});
