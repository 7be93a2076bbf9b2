/**
 * The dev gateway against real local HTTP/WebSocket upstreams on 127.0.0.1 (no Kafka/PG/Redis needed).
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';
import { ROUTES_FILE, startDevGateway, type DevGateway } from '../src';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A fake service: records requests, answers JSON, streams SSE on demand, echoes WebSocket frames. */
class FakeService {
  readonly seen: Seen[] = [];
  readonly server: Server;
  private sse?: ServerResponse;
  private sseWaiters: ((res: ServerResponse) => void)[] = [];

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        if (req.url?.startsWith('/v1/stream')) {
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
          res.flushHeaders();
          this.sse = res;
          this.sseWaiters.splice(0).forEach((w) => w(res));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Powered-By': 'Express' });
        res.end(JSON.stringify({ ok: true, url: req.url }));
      });
    });
    const wss = new WebSocketServer({ server: this.server });
    wss.on('connection', (socket, req) => socket.on('message', (data) => socket.send(`echo ${req.url} ${data.toString()}`)));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  sseStream(): Promise<ServerResponse> {
    return this.sse ? Promise.resolve(this.sse) : new Promise((resolve) => this.sseWaiters.push(resolve));
  }

  close(): Promise<void> {
    this.sse?.end();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on: bound once, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('dev gateway', () => {
  const news = new FakeService();
  const notification = new FakeService();
  let gateway: DevGateway;
  let base: string;

  beforeAll(async () => {
    const upstreams = {
      news: await news.listen(),
      notification: await notification.listen(),
      llm: `http://127.0.0.1:${await deadPort()}`,
    };
    gateway = await startDevGateway({ routesFile: ROUTES_FILE, upstreams, port: 0 });
    base = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway.close();
    await Promise.all([news.close(), notification.close()]);
  });

  it('forwards a request to the owning service with the /api prefix stripped and the query kept', async () => {
    const res = await fetch(`${base}/api/v1/sources/42?limit=5`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, url: '/v1/sources/42?limit=5' });
    const seen = news.seen.at(-1)!;
    expect(seen.headers['x-forwarded-prefix']).toBe('/api');
    expect(seen.headers['x-forwarded-for']).toBeDefined();
  });

  it('forwards a POST body unchanged', async () => {
    const res = await fetch(`${base}/api/v1/articles`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"url":"x"}' });
    expect(res.status).toBe(200);
    expect(news.seen.at(-1)).toMatchObject({ method: 'POST', url: '/v1/articles', body: '{"url":"x"}' });
  });

  it('adds the configured security headers and removes X-Powered-By', async () => {
    const res = await fetch(`${base}/api/v1/articles`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers a CORS preflight itself and marks cross-origin responses', async () => {
    const before = news.seen.length;
    const preflight = await fetch(`${base}/api/v1/sources`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(news.seen.length).toBe(before);
    const res = await fetch(`${base}/api/v1/sources`, { headers: { Origin: 'https://app.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
  });

  it('routes the JWKS document without touching its path', async () => {
    const res = await fetch(`${base}/.well-known/jwks.json`);
    expect(await res.json()).toEqual({ ok: true, url: '/.well-known/jwks.json' });
  });

  it('streams server-sent events as they are written, without buffering', async () => {
    const events: string[] = [];
    let notify: () => void = () => undefined;
    const req = request(`${base}/api/v1/stream?topic=posts`, { headers: { Accept: 'text/event-stream' } });
    const response = new Promise<IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
    });
    req.end();
    const res = await response;
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    res.on('data', (chunk: Buffer) => {
      events.push(chunk.toString());
      notify();
    });
    const nextData = (): Promise<void> => new Promise((resolve) => (notify = resolve));

    const upstream = await notification.sseStream();
    const first = nextData();
    upstream.write('data: one\n\n');
    await first; // the first event arrives while the stream is still open upstream
    expect(events.join('')).toBe('data: one\n\n');
    const second = nextData();
    upstream.write('data: two\n\n');
    await second;
    expect(events.join('')).toBe('data: one\n\ndata: two\n\n');
    expect(notification.seen.at(-1)?.url).toBe('/v1/stream?topic=posts');
    req.destroy();
  });

  it('upgrades a WebSocket on /ws and relays frames both ways', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/ws?tenant=t1`);
    const reply = new Promise<string>((resolve, reject) => {
      socket.on('message', (data: Buffer) => resolve(data.toString()));
      socket.on('error', reject);
    });
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => resolve());
      socket.on('error', reject);
    });
    socket.send('hello');
    expect(await reply).toBe('echo /ws?tenant=t1 hello');
    socket.close();
  });

  it('answers 404 problem+json for a path no router matches', async () => {
    for (const path of ['/api/v1/nope', '/healthz', '/metrics']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ status: 404, title: 'Not Found', instance: path });
    }
  });

  it('refuses a WebSocket upgrade on an unrouted path with 404', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${gateway.port}/nowhere`);
    // With an 'unexpected-response' listener, ws leaves aborting the handshake request to the caller.
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (handshake, res) => {
        resolve(res.statusCode ?? 0);
        handshake.destroy();
      }),
    );
    expect(status).toBe(404);
  });

  it('answers 502 problem+json when the owning service is down', async () => {
    const res = await fetch(`${base}/api/v1/summaries/abc`);
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    const body = (await res.json()) as { detail: string; type: string };
    expect(body.detail).toMatch(/Service llm is unreachable/);
    expect(body.type).toMatch(/bad-gateway$/);
  });

  it('answers 502 problem+json for a service with no upstream configured', async () => {
    const res = await fetch(`${base}/api/v1/posts`);
    expect(res.status).toBe(502);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/No upstream configured for service social/);
  });
});
