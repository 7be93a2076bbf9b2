import { parseFeed } from '../src/domain/feed-parser';
import { sampleFeedsWithFreshDates, shiftFeedDates } from '../src/adapters/feeds/sample-feeds';

describe('sample feeds with fresh dates', () => {
  it('shifts RFC 822 and ISO 8601 dates by the same offset and keeps their formats', () => {
    const text = '<pubDate>Fri, 06 Jun 2025 18:00:00 +0000</pubDate><updated>2025-06-06T17:20:00Z</updated><link>https://x.example/2025/06/06/a</link>';
    expect(shiftFeedDates(text, 24 * 3_600_000)).toBe(
      '<pubDate>Sat, 07 Jun 2025 18:00:00 +0000</pubDate><updated>2025-06-07T17:20:00Z</updated><link>https://x.example/2025/06/06/a</link>',
    );
  });

  it('moves every sample so its newest entry is just before now, keeping the spacing', async () => {
    const now = new Date('2031-01-15T12:00:00Z');
    const samples = await sampleFeedsWithFreshDates(now);
    expect(samples.map((s) => s.path)).toEqual(['/finance-harbor-street.rss', '/finance-marketpulse.json', '/science-wire.rdf', '/tech-circuit-ledger.atom', '/tech-northwind.rss']);
    const dates = samples.flatMap((s) => parseFeed(s.body, { url: `https://samples.example${s.path}`, contentType: s.contentType }).items.map((i) => i.publishedAt!.getTime()));
    expect(dates).toHaveLength(75);
    expect(Math.max(...dates)).toBeLessThanOrEqual(now.getTime());
    expect(Math.max(...dates)).toBeGreaterThan(now.getTime() - 3_600_000);
    expect(Math.min(...dates)).toBeGreaterThan(now.getTime() - 14 * 86_400_000);
    expect(new Set(samples.map((s) => s.etag)).size).toBe(5);
  });
});
