import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PermanentError, RetriableError } from '@pulse/errors';
import { platformFetch } from '../src/adapters/platforms/platform-http';

// A local server answering whatever a test sets: platformFetch over real sockets.
let server: Server;
let base: string;
let answer: (res: import('node:http').ServerResponse) => void = (res) => res.end();

beforeAll(async () => {
  server = createServer((_req, res) => answer(res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('platformFetch', () => {
  it('returns the JSON answer with its headers', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'application/json', 'x-restli-id': 'urn:li:share:1' }).end('{"id":"1"}');
    const response = await platformFetch('linkedin', `${base}/rest/posts`, { method: 'POST', body: { a: 1 } });
    expect(response).toMatchObject({ status: 200, json: { id: '1' }, text: '{"id":"1"}' });
    expect(response.headers.get('X-Restli-Id')).toBe('urn:li:share:1');
    expect(response.headers.get('missing')).toBeNull();
  });

  it('refuses a redirect as retriable (nothing known to be posted) instead of following it', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
    await expect(platformFetch('mastodon', `${base}/api/v1/statuses`, { method: 'POST', body: {} }))
      .rejects.toMatchObject({ constructor: RetriableError, code: 'platform-unreachable' });
  });

  it('maps 429 with its reset header to a retriable error and 422 to a permanent one with the reason', async () => {
    answer = (res) => res.writeHead(429, { 'retry-after': '30', 'content-type': 'application/json' }).end('{"error":"Throttled"}');
    await expect(platformFetch('mastodon', `${base}/x`)).rejects.toMatchObject({ constructor: RetriableError, code: 'platform-rate-limited', retryAfterSeconds: 30 });
    answer = (res) => res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"Text too long"}');
    const error = await platformFetch('mastodon', `${base}/x`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as Error).message).toBe('mastodon answered 422: Text too long');
  });

  it('times out a platform that does not answer, as retriable', async () => {
    answer = () => undefined; // never answers
    await expect(platformFetch('x', `${base}/2/tweets`, { timeoutMs: 200 })).rejects.toMatchObject({ constructor: RetriableError, code: 'platform-unreachable' });
  });
});
