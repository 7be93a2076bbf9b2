import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PermanentError, RetriableError } from '@pulse/errors';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { fetchFeed, type FeedFetchResult } from '../src/adapters/feeds/feed-fetcher';
import { GuardedHttpClient } from '../src/adapters/feeds/guarded-http.client';
import type { HostResolver } from '../src/adapters/feeds/ssrf-guard';
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

  it.each(['gzip', 'br', 'deflate'] as const)('decodes a %s body', async (encoding) => {
    server.serve('/feed.xml', { body: RSS, encoding });
    const result = fetched(await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }));
    expect(result.body.toString('utf8')).toBe(RSS);
    expect(result.wireBytes).toBeLessThan(Buffer.byteLength(RSS));
    expect(server.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('refuses a content encoding it cannot decode', async () => {
    server.serve('/feed.xml', { body: RSS, headers: { 'content-encoding': 'compress' } });
    expect(await failure(fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }))).toMatchObject({ code: 'unsupported-encoding', retriable: false });
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

  it('stops after the configured number of redirects', async () => {
    for (let i = 0; i < 10; i++) server.redirect(`/r${i}`, `/r${i + 1}`);
    const error = await failure(fetchFeed({ url: server.urlFor('/r0') }, {}, { client, maxRedirects: 3 }));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'too-many-redirects' });
    expect(server.requests).toHaveLength(4);
  });

  it('detects a redirect loop', async () => {
    server.redirect('/a', '/b');
    server.redirect('/b', '/a');
    const error = await failure(fetchFeed({ url: server.urlFor('/a') }, {}, { client }));
    expect(error).toMatchObject({ code: 'redirect-loop', retriable: false });
  });

  it('aborts a body larger than the limit announced by Content-Length', async () => {
    server.serve('/big.xml', { body: Buffer.alloc(50_000, 'a') });
    const error = await failure(fetchFeed({ url: server.urlFor('/big.xml') }, {}, { client, maxBytes: 10_000 }));
    expect(error).toMatchObject({ code: 'body-too-large', retriable: false });
  });

  it('aborts a streamed body once it passes the limit', async () => {
    server.serve('/big.xml', { body: Buffer.alloc(2_000_000, 'a'), chunked: true });
    const error = await failure(fetchFeed({ url: server.urlFor('/big.xml') }, {}, { client, maxBytes: 100_000 }));
    expect(error).toMatchObject({ code: 'body-too-large' });
  });

  it('refuses a compressed body that inflates past the limit (decompression bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20_000_000, 0));
    expect(bomb.length).toBeLessThan(100_000);
    server.serve('/bomb.xml', { body: bomb, headers: { 'content-encoding': 'gzip' } });
    const error = await failure(fetchFeed({ url: server.urlFor('/bomb.xml') }, {}, { client, maxBytes: 1_000_000 }));
    expect(error).toMatchObject({ code: 'body-too-large' });
  });

  it('turns 429 with Retry-After into a retriable error that says when', async () => {
    server.serve('/feed.xml', { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    const error = await failure(fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error).toMatchObject({ code: 'upstream-rate-limited', retryAfterSeconds: 120, retriable: true });
  });

  it('turns 503 with an HTTP-date Retry-After into seconds', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    server.serve('/feed.xml', { status: 503, headers: { 'retry-after': at } });
    const error = await failure(fetchFeed({ url: server.urlFor('/feed.xml') }, {}, { client }));
    expect(error).toMatchObject({ code: 'upstream-unavailable', retriable: true });
    expect(error.retryAfterSeconds).toBeGreaterThan(80);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it('treats other 5xx as retriable and 404 as permanent', async () => {
    server.serve('/broken.xml', { status: 502 });
    expect(await failure(fetchFeed({ url: server.urlFor('/broken.xml') }, {}, { client }))).toMatchObject({ code: 'upstream-error', retriable: true });
    expect(await failure(fetchFeed({ url: server.urlFor('/missing.xml') }, {}, { client }))).toMatchObject({ code: 'feed-not-found', retriable: false });
  });

  it('times out a server that does not answer', async () => {
    server.serve('/slow.xml', { body: RSS, delayMs: 5_000 });
    const error = await failure(fetchFeed({ url: server.urlFor('/slow.xml') }, {}, { client, timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'timeout', retriable: true });
  });

  it('reports a refused connection as retriable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(fetchFeed({ url: `http://127.0.0.1:${port}/feed.xml` }, {}, { client }));
    expect(error).toMatchObject({ code: 'network-error', retriable: true });
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

  it('does not forward credentials to a redirect on another origin', async () => {
    const other = await startFeedServer();
    try {
      other.serve('/feed.xml', { body: RSS });
      server.redirect('/feed.xml', other.urlFor('/feed.xml'));
      await fetchFeed({ url: server.urlFor('/feed.xml'), basicAuth: { username: 'reader', password: 's3cret' } }, {}, { client });
      expect(server.requests[0]!.headers.authorization).toBeDefined();
      expect(other.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });

  it('makes and closes its own client when none is given', async () => {
    server.serve('/feed.xml', { body: RSS });
    const result = await fetchFeed({ url: server.urlFor('/feed.xml') }, {}, LOOPBACK_ALLOWED);
    expect(result.kind).toBe('fetched');
  });
});

describe('fetchFeed SSRF guard', () => {
  const strict = () => new GuardedHttpClient();

  it.each([
    ['a private address', 'http://10.0.0.1/feed.xml'],
    ['the cloud metadata address', 'http://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'http://[::1]/feed.xml'],
    ['loopback when it is not allowed', 'http://127.0.0.1:9/feed.xml'],
    ['0.0.0.0', 'http://0.0.0.0/feed.xml'],
  ])('refuses %s before connecting', async (_what, url) => {
    const guarded = strict();
    try {
      const error = await failure(fetchFeed({ url }, {}, { client: guarded }));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'ssrf-blocked', retriable: false });
    } finally {
      await guarded.close();
    }
  });

  it('refuses non-http schemes', async () => {
    expect(await failure(fetchFeed({ url: 'file:///etc/passwd' }, {}, { client }))).toMatchObject({ code: 'unsupported-url' });
  });

  it('refuses a host name that resolves to a private address', async () => {
    const resolver: HostResolver = async () => [{ address: '10.1.2.3', family: 4 }];
    const guarded = new GuardedHttpClient({ resolver });
    try {
      const error = await failure(fetchFeed({ url: 'http://feeds.intranet.test/feed.xml' }, {}, { client: guarded }));
      expect(error).toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining('feeds.intranet.test (10.1.2.3)') });
    } finally {
      await guarded.close();
    }
  });

  it('checks every redirect hop: an allowed host redirecting to loopback is refused', async () => {
    // feeds.public.test is allowed by name and resolves (through the guard) to the fake server;
    // its redirect to the loopback address itself is not allowed.
    const resolver: HostResolver = async (host) => (host === 'feeds.public.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    const guarded = new GuardedHttpClient({ resolver, ssrf: { allow: ['feeds.public.test'] } });
    server.serve('/feed.xml', { body: RSS });
    server.redirect('/start.xml', '/feed.xml');
    const port = new URL(server.url).port;
    try {
      const direct = await fetchFeed({ url: `http://feeds.public.test:${port}/feed.xml` }, {}, { client: guarded });
      expect(direct.kind).toBe('fetched');
      const error = await failure(fetchFeed({ url: `http://feeds.public.test:${port}/start.xml` }, {}, { client: guarded }));
      expect(error).toMatchObject({ code: 'ssrf-blocked' });
      expect(server.requestCount('/feed.xml')).toBe(1);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a redirect to a name that resolves to loopback', async () => {
    const resolver: HostResolver = async (host) =>
      host === 'feeds.public.test' || host === 'localhost.evil.test' ? [{ address: '127.0.0.1', family: 4 }] : [];
    const guarded = new GuardedHttpClient({ resolver, ssrf: { allow: ['feeds.public.test'] } });
    const port = new URL(server.url).port;
    server.redirect('/start.xml', `http://localhost.evil.test:${port}/feed.xml`);
    try {
      const error = await failure(fetchFeed({ url: `http://feeds.public.test:${port}/start.xml` }, {}, { client: guarded }));
      expect(error).toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining('localhost.evil.test (127.0.0.1)') });
    } finally {
      await guarded.close();
    }
  });
});
