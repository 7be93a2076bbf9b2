import { hashDedupeKey, identifyArticle, partitionNewArticles } from '../src/domain/dedupe-keys';

const FEED = 'https://feeds.example.com/tech.xml';

describe('identifyArticle', () => {
  it('keys on the canonical URL without its scheme', () => {
    const http = identifyArticle({ url: 'http://example.com/a?utm_source=x' }, FEED);
    const https = identifyArticle({ url: 'https://EXAMPLE.com/a/#top' }, FEED);
    expect(http.keys).toEqual(['url:example.com/a']);
    expect(https.keys).toEqual(http.keys);
    expect(https.canonicalUrl).toBe('https://example.com/a');
  });

  it('adds an opaque GUID key scoped to the feed host', () => {
    expect(identifyArticle({ url: 'https://example.com/a', guid: 'post-42' }, FEED).keys).toEqual(['url:example.com/a', 'guid:feeds.example.com:post-42']);
  });

  it('treats a URL GUID as a URL key, once when it equals the link', () => {
    expect(identifyArticle({ url: 'https://example.com/a', guid: 'https://example.com/a?utm_medium=rss' }, FEED).keys).toEqual(['url:example.com/a']);
    expect(identifyArticle({ url: 'https://example.com/a', guid: 'https://example.com/p/42' }, FEED).keys).toEqual(['url:example.com/a', 'url:example.com/p/42']);
  });

  it('does not let the same opaque GUID from two unrelated sites collide', () => {
    const one = identifyArticle({ url: 'https://one.example/a', guid: '1234' }, 'https://one.example/feed');
    const two = identifyArticle({ url: 'https://two.example/b', guid: '1234' }, 'https://two.example/feed');
    expect(one.keys.filter((k) => two.keys.includes(k))).toEqual([]);
  });
});

describe('partitionNewArticles', () => {
  it('separates known articles, repeats inside the batch, and new ones', () => {
    const known = new Set(['url:example.com/old']);
    const outcome = partitionNewArticles(
      [
        { url: 'https://example.com/old?utm_source=rss', title: 'old' },
        { url: 'https://example.com/new', guid: 'n1', title: 'new' },
        { url: 'https://example.com/new-moved', guid: 'n1', title: 'same guid, new URL' },
        { url: 'http://example.com/new#x', title: 'same URL, other scheme' },
        { url: 'https://example.com/other', title: 'other' },
      ],
      FEED,
      (key) => known.has(key),
    );
    expect(outcome.fresh.map((a) => a.title)).toEqual(['new', 'other']);
    expect(outcome.fresh[0]).toMatchObject({ canonicalUrl: 'https://example.com/new', keys: ['url:example.com/new', 'guid:feeds.example.com:n1'] });
    expect(outcome.duplicates.map((d) => [d.item.title, d.reason, d.key])).toEqual([
      ['old', 'known', 'url:example.com/old'],
      ['same guid, new URL', 'repeated-in-batch', 'guid:feeds.example.com:n1'],
      ['same URL, other scheme', 'repeated-in-batch', 'url:example.com/new'],
    ]);
  });

  it('finds a re-fetched article by its GUID even when its URL changed', () => {
    const outcome = partitionNewArticles([{ url: 'https://example.com/renamed-slug', guid: 'n1' }], FEED, (key) => key === 'guid:feeds.example.com:n1');
    expect(outcome.fresh).toEqual([]);
    expect(outcome.duplicates[0]).toMatchObject({ reason: 'known', key: 'guid:feeds.example.com:n1' });
  });
});

describe('hashDedupeKey', () => {
  it('is a stable 32-hex-digit digest that differs per key', () => {
    expect(hashDedupeKey('url:example.com/a')).toMatch(/^[0-9a-f]{32}$/);
    expect(hashDedupeKey('url:example.com/a')).toBe(hashDedupeKey('url:example.com/a'));
    expect(hashDedupeKey('url:example.com/a')).not.toBe(hashDedupeKey('url:example.com/b'));
  });
});
