import { createServer } from 'node:net';
import { gzipSync } from 'node:zlib';
import { PermanentError, RetriableError } from '@pulse/errors';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { DEFAULT_USER_AGENT, GuardedHttpClient, type HostResolver } from '../src';

const BODY = `<?xml version="1.0"?><rss version="2.0"><channel><title>Guarded</title>${'<item><title>An item with some text</title></item>'.repeat(40)}</channel></rss>`;
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

async function failure(promise: Promise<unknown>): Promise<PermanentError | RetriableError> {
  try {
    await promise;
  } catch (error) {
    return error as PermanentError | RetriableError;
  }
  throw new Error('expected the request to fail');
}

describe('GuardedHttpClient.get', () => {
  it('returns status, final URL, headers and body, with its user agent', async () => {
    server.serve('/feed.xml', { body: BODY, etag: '"v1"' });
    const result = await client.get(server.urlFor('/feed.xml'));
    expect(result).toMatchObject({ status: 200, url: server.urlFor('/feed.xml'), redirects: [], wireBytes: Buffer.byteLength(BODY) });
    expect(result.headers.etag).toBe('"v1"');
    expect(result.body.toString('utf8')).toBe(BODY);
    expect(server.requests[0]!.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
  });

  it('resolves a 304 with an empty body', async () => {
    server.serve('/feed.xml', { body: BODY, etag: '"v1"' });
    const result = await client.get(server.urlFor('/feed.xml'), { headers: { 'If-None-Match': '"v1"' } });
    expect(result).toMatchObject({ status: 304 });
    expect(result.body).toHaveLength(0);
  });

  it.each(['gzip', 'br', 'deflate'] as const)('decodes a %s body', async (encoding) => {
    server.serve('/feed.xml', { body: BODY, encoding });
    const result = await client.get(server.urlFor('/feed.xml'));
    expect(result.body.toString('utf8')).toBe(BODY);
    expect(result.wireBytes).toBeLessThan(Buffer.byteLength(BODY));
    expect(server.requests[0]!.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('refuses a content encoding it cannot decode', async () => {
    server.serve('/feed.xml', { body: BODY, headers: { 'content-encoding': 'compress' } });
    expect(await failure(client.get(server.urlFor('/feed.xml')))).toMatchObject({ code: 'unsupported-encoding', retriable: false });
  });

  it('follows redirects and reports each hop', async () => {
    server.serve('/new/feed.xml', { body: BODY });
    server.redirect('/old/feed.xml', '/moved/feed.xml', 301);
    server.redirect('/moved/feed.xml', '/new/feed.xml', 308);
    const result = await client.get(server.urlFor('/old/feed.xml'));
    expect(result.url).toBe(server.urlFor('/new/feed.xml'));
    expect(result.redirects).toEqual([server.urlFor('/moved/feed.xml'), server.urlFor('/new/feed.xml')]);
  });

  it('stops after the configured number of redirects', async () => {
    for (let i = 0; i < 10; i++) server.redirect(`/r${i}`, `/r${i + 1}`);
    const error = await failure(client.get(server.urlFor('/r0'), { maxRedirects: 3 }));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'too-many-redirects' });
    expect(server.requests).toHaveLength(4);
  });

  it('detects a redirect loop', async () => {
    server.redirect('/a', '/b');
    server.redirect('/b', '/a');
    const error = await failure(client.get(server.urlFor('/a')));
    expect(error).toMatchObject({ code: 'redirect-loop', retriable: false });
  });

  it('aborts a body larger than the limit announced by Content-Length', async () => {
    server.serve('/big.xml', { body: Buffer.alloc(50_000, 'a') });
    const error = await failure(client.get(server.urlFor('/big.xml'), { maxBytes: 10_000 }));
    expect(error).toMatchObject({ code: 'body-too-large', retriable: false });
  });

  it('aborts a streamed body once it passes the limit', async () => {
    server.serve('/big.xml', { body: Buffer.alloc(2_000_000, 'a'), chunked: true });
    const error = await failure(client.get(server.urlFor('/big.xml'), { maxBytes: 100_000 }));
    expect(error).toMatchObject({ code: 'body-too-large' });
  });

  it('refuses a compressed body that inflates past the limit (decompression bomb)', async () => {
    const bomb = gzipSync(Buffer.alloc(20_000_000, 0));
    expect(bomb.length).toBeLessThan(100_000);
    server.serve('/bomb.xml', { body: bomb, headers: { 'content-encoding': 'gzip' } });
    const error = await failure(client.get(server.urlFor('/bomb.xml'), { maxBytes: 1_000_000 }));
    expect(error).toMatchObject({ code: 'body-too-large' });
  });

  it('turns 429 with Retry-After into a retriable error that says when', async () => {
    server.serve('/feed.xml', { status: 429, headers: { 'retry-after': '120' }, body: 'slow down' });
    const error = await failure(client.get(server.urlFor('/feed.xml')));
    expect(error).toBeInstanceOf(RetriableError);
    expect(error).toMatchObject({ code: 'upstream-rate-limited', retryAfterSeconds: 120, retriable: true });
  });

  it('turns 503 with an HTTP-date Retry-After into seconds', async () => {
    const at = new Date(Date.now() + 90_000).toUTCString();
    server.serve('/feed.xml', { status: 503, headers: { 'retry-after': at } });
    const error = await failure(client.get(server.urlFor('/feed.xml')));
    expect(error).toMatchObject({ code: 'upstream-unavailable', retriable: true });
    expect(error.retryAfterSeconds).toBeGreaterThan(80);
    expect(error.retryAfterSeconds).toBeLessThanOrEqual(90);
  });

  it('treats other 5xx as retriable, 404 and 401 as permanent', async () => {
    server.serve('/broken.xml', { status: 502 });
    server.serve('/locked.xml', { status: 401 });
    expect(await failure(client.get(server.urlFor('/broken.xml')))).toMatchObject({ code: 'upstream-error', retriable: true });
    expect(await failure(client.get(server.urlFor('/missing.xml')))).toMatchObject({ code: 'upstream-not-found', retriable: false });
    expect(await failure(client.get(server.urlFor('/locked.xml')))).toMatchObject({ code: 'upstream-unauthorized', retriable: false });
  });

  it('times out a server that does not answer', async () => {
    server.serve('/slow.xml', { body: BODY, delayMs: 5_000 });
    const error = await failure(client.get(server.urlFor('/slow.xml'), { timeoutMs: 200 }));
    expect(error).toMatchObject({ code: 'timeout', retriable: true });
  });

  it('reports a refused connection as retriable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const error = await failure(client.get(`http://127.0.0.1:${port}/feed.xml`));
    expect(error).toMatchObject({ code: 'network-error', retriable: true });
  });

  it('sends basic auth to its origin but not to a redirect on another origin', async () => {
    const other = await startFeedServer();
    try {
      other.serve('/feed.xml', { body: BODY });
      server.redirect('/feed.xml', other.urlFor('/feed.xml'));
      await client.get(server.urlFor('/feed.xml'), { basicAuth: { username: 'reader', password: 's3cret' } });
      expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
      expect(other.requests[0]!.headers.authorization).toBeUndefined();
    } finally {
      await other.close();
    }
  });
});

describe('GuardedHttpClient SSRF guard', () => {
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
      const error = await failure(guarded.get(url));
      expect(error).toBeInstanceOf(PermanentError);
      expect(error).toMatchObject({ code: 'ssrf-blocked', retriable: false });
    } finally {
      await guarded.close();
    }
  });

  it('refuses non-http schemes', async () => {
    expect(await failure(client.get('file:///etc/passwd'))).toMatchObject({ code: 'unsupported-url' });
  });

  it('refuses a host name that resolves to a private address', async () => {
    const resolver: HostResolver = async () => [{ address: '10.1.2.3', family: 4 }];
    const guarded = new GuardedHttpClient({ ssrf: { resolver } });
    try {
      const error = await failure(guarded.get('http://feeds.intranet.test/feed.xml'));
      expect(error).toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining('feeds.intranet.test (10.1.2.3)') });
    } finally {
      await guarded.close();
    }
  });

  it('checks every redirect hop: an allowed host redirecting to loopback is refused', async () => {
    // feeds.public.test is allowed by name and resolves (through the guard) to the fake server;
    // its redirect to the loopback address itself is not allowed.
    const resolver: HostResolver = async (host) => (host === 'feeds.public.test' ? [{ address: '127.0.0.1', family: 4 }] : []);
    const guarded = new GuardedHttpClient({ ssrf: { resolver, allow: ['feeds.public.test'] } });
    server.serve('/feed.xml', { body: BODY });
    server.redirect('/start.xml', '/feed.xml');
    const port = new URL(server.url).port;
    try {
      const direct = await guarded.get(`http://feeds.public.test:${port}/feed.xml`);
      expect(direct.status).toBe(200);
      const error = await failure(guarded.get(`http://feeds.public.test:${port}/start.xml`));
      expect(error).toMatchObject({ code: 'ssrf-blocked' });
      expect(server.requestCount('/feed.xml')).toBe(1);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a redirect to a name that resolves to loopback', async () => {
    const resolver: HostResolver = async (host) =>
      host === 'feeds.public.test' || host === 'localhost.evil.test' ? [{ address: '127.0.0.1', family: 4 }] : [];
    const guarded = new GuardedHttpClient({ ssrf: { resolver, allow: ['feeds.public.test'] } });
    const port = new URL(server.url).port;
    server.redirect('/start.xml', `http://localhost.evil.test:${port}/feed.xml`);
    try {
      const error = await failure(guarded.get(`http://feeds.public.test:${port}/start.xml`));
      expect(error).toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining('localhost.evil.test (127.0.0.1)') });
      expect(server.requestCount('/feed.xml')).toBe(0);
    } finally {
      await guarded.close();
    }
  });
});
