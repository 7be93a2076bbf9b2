import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError, RetriableError } from '@pulse/errors';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { fetchFeed, type FeedFetchResult } from '../src/adapters/feeds/feed-fetcher';
import { GuardedHttpClient, NEWS_USER_AGENT } from '../src/adapters/feeds/feed-http.client';
import { parseFeed } from '../src/domain/feed-parser';

const RSS = readFileSync(join(__dirname, 'fixtures', 'rss2-standard.xml'), 'utf8');
const LOOPBACK_ALLOWED = { ssrf: { allow: ['127.0.0.1'] } };

let server: FakeFeedServer;
let client: GuardedHttpClient;

beforeEach(async () => {
  server = await startFeedServer();
  client = new GuardedHttpClient(LOOPBACK_ALLOWED);
});

afterEach(async () => {
  await client.close();
  await server.close();
});

const fetched = (result: FeedFetchResult) => {
  if (result.kind !== 'fetched') throw new Error(`expected a body, got ${result.kind}`);
  return result;
};

async function failure(promise: Promise<unknown>): Promise<PermanentError | RetriableError> {
  try {
    await promise;
  } catch (error) {
    return error as PermanentError | RetriableError;
  }
  throw new Error('expected the fetch to fail');
}

describe('fetchFeed', () => {
  it('fetches a feed and returns its body, type and validators', async () => {
    server.serve('/feed.xml', { body: RSS, etag: '"v1"', lastModified: 'Tue, 04 Jun 2024 09:30:00 GMT' });
    const result = fetched(await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }));
    expect(result).toMatchObject({ status: 200, etag: '"v1"', lastModified: 'Tue, 04 Jun 2024 09:30:00 GMT', finalUrl: server.urlFor('/feed.xml'), redirects: [] });
    expect(result.contentType).toBe('application/rss+xml; charset=utf-8');
    expect(parseFeed(result.body, { url: result.finalUrl }).items).toHaveLength(2);
  });

  it('sends If-None-Match and gets not-modified on 304', async () => {
    server.serve('/feed.xml', { body: RSS, etag: '"v1"' });
    const first = fetched(await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }));
    const second = await fetchFeed({ url: server.urlFor('/feed.xml') }, { etag: first.etag! }, { client });
    expect(second).toMatchObject({ kind: 'not-modified', etag: '"v1"' });
    expect(server.requests.map((r) => r.status)).toEqual([200, 304]);
    expect(server.requests[1]!.headers['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since and keeps the validator when the 304 omits it', async () => {
    server.serve('/feed.xml', { body: RSS, lastModified: 'Tue, 04 Jun 2024 09:30:00 GMT' });
    const result = await fetchFeed({ url: server.urlFor('/feed.xml') }, { lastModified: 'Tue, 04 Jun 2024 09:30:00 GMT' }, { client });
    expect(result).toMatchObject({ kind: 'not-modified', lastModified: 'Tue, 04 Jun 2024 09:30:00 GMT' });
  });

  it('gets the new body when the feed changed since the validator', async () => {
    server.serve('/feed.xml', { body: RSS, etag: '"v2"' });
    const result = fetched(await fetchFeed({ url: server.urlFor('/feed.xml') }, { etag: '"v1"' }, { client }));
    expect(result.etag).toBe('"v2"');
  });

  it('decodes a legacy charset end to end', async () => {
    const latin1 = Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Caf\xe9</title><item><title>Cr\xe8me br\xfbl\xe9e</title><link>https://x.example/a</link></item></channel></rss>', 'latin1');
    server.serve('/latin1.xml', { body: latin1, contentType: 'application/rss+xml' });
    const result = fetched(await fetchFeed({ url: server.urlFor('/latin1.xml') }, {}, { client }));
    const feed = parseFeed(result.body, { url: result.finalUrl, ...(result.contentType ? { contentType: result.contentType } : {}) });
    expect(feed.title).toBe('Café');
    expect(feed.items[0]!.title).toBe('Crème brûlée');
  });

  it('follows redirects and reports where the feed lives now', async () => {
    server.serve('/new/feed.xml', { body: RSS });
    server.redirect('/old/feed.xml', '/moved/feed.xml', 301);
    server.redirect('/moved/feed.xml', '/new/feed.xml', 308);
    const result = fetched(await fetchFeed({ url: server.urlFor('/old/feed.xml') }, {}, { client }));
    expect(result.finalUrl).toBe(server.urlFor('/new/feed.xml'));
    expect(result.redirects).toEqual([server.urlFor('/moved/feed.xml'), server.urlFor('/new/feed.xml')]);
  });

  it('sends the source headers, user agent and basic auth', async () => {
    server.serve('/private.xml', { body: RSS });
    await fetchFeed(
      { url: server.urlFor('/private.xml'), headers: { 'X-Api-Key': 'k1' }, userAgent: 'CustomAgent/2.0', basicAuth: { username: 'reader', password: 's3cret' } },
      {},
      { client },
    );
    const { headers } = server.requests[0]!;
    expect(headers['x-api-key']).toBe('k1');
    expect(headers['user-agent']).toBe('CustomAgent/2.0');
    expect(headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    expect(headers.accept).toContain('application/rss+xml');
  });

  it('makes and closes its own client when none is given', async () => {
    server.serve('/feed.xml', { body: RSS });
    const result = await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, LOOPBACK_ALLOWED);
    expect(result.kind).toBe('fetched');
  });

  it("announces itself as the news bot unless the client names another agent", async () => {
    server.serve('/feed.xml', { body: RSS });
    await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client });
    const custom = new GuardedHttpClient({ ...LOOPBACK_ALLOWED, userAgent: 'OperatorBot/3' });
    try {
      await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client: custom });
    } finally {
      await custom.close();
    }
    expect(server.requests.map((r) => r.headers['user-agent'])).toEqual([NEWS_USER_AGENT, 'OperatorBot/3']);
  });
});

describe('fetchFeed SSRF guard', () => {
  it('goes through the guarded client: a private address is refused before connecting', async () => {
    const strict = new GuardedHttpClient();
    try {
      const error = await failure(fetchFeed({ url: 'http://169.254.169.254/latest/meta-data/' }, {}, { client: strict }));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'ssrf-blocked', retriable: false });
    } finally {
      await strict.close();
    }
  });

  it('refuses non-http schemes', async () => {
    expect(await failure(fetchFeed({ url: 'file:///etc/passwd' }, {}, { client }))).toMatchObject({ code: 'unsupported-url' });
  });
});
