import { join } from 'node:path';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { fetchFeed } from '../src/adapters/feeds/feed-fetcher';
import { GuardedHttpClient } from '../src/adapters/feeds/feed-http.client';
import { parseFeed } from '../src/domain/feed-parser';

const SAMPLES = join(__dirname, '..', 'sample-feeds');

describe('bundled sample feeds served by the fake feed server', () => {
  let server: FakeFeedServer;
  let client: GuardedHttpClient;

  beforeAll(async () => {
    server = await startFeedServer();
    client = new GuardedHttpClient({ ssrf: { allow: ['127.0.0.1'] } });
  });

  afterAll(async () => {
    await client.close();
    await server.close();
  });

  it('serves every sample in its format, and each parses completely', async () => {
    const paths = await server.serveDirectory(SAMPLES, '/samples');
    expect(paths).toEqual([
      '/samples/finance-harbor-street.rss',
      '/samples/finance-marketpulse.json',
      '/samples/science-wire.rdf',
      '/samples/tech-circuit-ledger.atom',
      '/samples/tech-northwind.rss',
    ]);
    const formats: string[] = [];
    for (const path of paths) {
      const result = await fetchFeed({ url: server.urlFor(path) }, {}, { client });
      if (result.kind !== 'fetched') throw new Error(`${path} was not fetched`);
      const feed = parseFeed(result.body, { url: result.finalUrl, ...(result.contentType ? { contentType: result.contentType } : {}) });
      formats.push(feed.format);
      expect({ path, items: feed.items.length, skipped: feed.skipped }).toEqual({ path, items: 15, skipped: [] });
      for (const item of feed.items) {
        expect(item.publishedAt).toBeInstanceOf(Date);
        expect(item.url).toMatch(/^https:\/\//);
        expect(item.summary.length).toBeGreaterThan(20);
      }
    }
    expect(formats.sort()).toEqual(['atom', 'json', 'rss1', 'rss2', 'rss2']);
  });

  it('answers 304 to a conditional request for a served sample', async () => {
    await server.serveDirectory(SAMPLES);
    const url = server.urlFor('/science-wire.rdf');
    const first = await fetchFeed({ url }, {}, { client });
    const second = await fetchFeed({ url }, { etag: first.etag! }, { client });
    expect(second.kind).toBe('not-modified');
  });
});
