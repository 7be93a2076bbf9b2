import { readdir, readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';

/** How one path answers. Everything is optional: the default is 200 with an empty RSS body. */
export interface FeedRoute {
  body?: string | Buffer;
  /** Default: by file type for serveDirectory, else "application/rss+xml; charset=utf-8". */
  contentType?: string;
  /** Sent as ETag; a request with a matching If-None-Match gets 304. */
  etag?: string;
  /** Sent as Last-Modified; a request with an If-Modified-Since at or after it gets 304. */
  lastModified?: string | Date;
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  /** Shorthand for encoding: 'gzip'. */
  gzip?: boolean;
  /** Compress the body with this Content-Encoding. */
  encoding?: 'gzip' | 'br' | 'deflate';
  /** Wait this long before answering (for timeout tests). */
  delayMs?: number;
  /** Stream the body without Content-Length (chunked), as servers that do not know the size do. */
  chunked?: boolean;
}

export interface FeedServerRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The status answered (304 for a conditional hit). */
  status: number;
}

export interface FakeFeedServer {
  /** Base URL, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** Absolute URL of a path on this server. */
  urlFor(path: string): string;
  /** Registers (or replaces) what a path answers. */
  serve(path: string, route: FeedRoute): void;
  /** Makes `from` redirect to `to` (a path or an absolute URL). */
  redirect(from: string, to: string, status?: 301 | 302 | 303 | 307 | 308): void;
  /** Serves every file of a directory under `mountPath` (default "/"); resolves with the paths served. */
  serveDirectory(directory: string, mountPath?: string): Promise<string[]>;
  /** Requests received for a path (query strings ignored). */
  requestCount(path: string): number;
  /** Every request so far, oldest first. */
  readonly requests: FeedServerRequest[];
  close(): Promise<void>;
}

export interface FeedServerOptions {
  /** Default 0 (any free port); `npm start` may pin one. Always bound to 127.0.0.1. */
  port?: number;
}

const TYPES: Record<string, string> = {
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.atom': 'application/atom+xml; charset=utf-8',
  '.rdf': 'application/rdf+xml; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
};

function etagMatches(header: string, etag: string): boolean {
  const bare = (tag: string): string => tag.trim().replace(/^W\//, '');
  return header.trim() === '*' || header.split(',').some((candidate) => bare(candidate) === bare(etag));
}

function isNotModified(req: IncomingMessage, route: FeedRoute): boolean {
  const ifNoneMatch = req.headers['if-none-match'];
  // RFC 9110: If-None-Match, when present, decides alone.
  if (ifNoneMatch !== undefined) return route.etag !== undefined && etagMatches(ifNoneMatch, route.etag);
  const ifModifiedSince = req.headers['if-modified-since'];
  if (ifModifiedSince === undefined || route.lastModified === undefined) return false;
  const since = Date.parse(ifModifiedSince);
  const modified = new Date(route.lastModified).getTime();
  return Number.isFinite(since) && Math.floor(modified / 1000) <= Math.floor(since / 1000);
}

function encode(body: Buffer, encoding: FeedRoute['encoding']): Buffer {
  if (encoding === 'gzip') return gzipSync(body);
  if (encoding === 'br') return brotliCompressSync(body);
  if (encoding === 'deflate') return deflateSync(body);
  return body;
}

/**
 * A feed server on 127.0.0.1 for news tests and for `npm start`'s sample feeds: serves what is
 * registered per path, honours If-None-Match / If-Modified-Since with 304, redirects, compresses,
 * delays, and counts requests per path.
 */
export async function startFeedServer(options: FeedServerOptions = {}): Promise<FakeFeedServer> {
  const routes = new Map<string, FeedRoute>();
  const requests: FeedServerRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function answer(req: IncomingMessage, res: ServerResponse, path: string): void {
    const route = routes.get(path);
    const record = (status: number): void => {
      requests.push({ method: req.method ?? 'GET', path, headers: { ...req.headers }, status });
    };
    if (route === undefined) {
      record(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const headers: Record<string, string> = {};
    if (route.etag !== undefined) headers.etag = route.etag;
    if (route.lastModified !== undefined) headers['last-modified'] = new Date(route.lastModified).toUTCString();
    Object.assign(headers, route.headers);
    const status = route.status ?? 200;
    if (status === 200 && isNotModified(req, route)) {
      record(304);
      res.writeHead(304, headers).end();
      return;
    }
    const encoding = route.encoding ?? (route.gzip ? 'gzip' : undefined);
    const raw = typeof route.body === 'string' ? Buffer.from(route.body, 'utf8') : (route.body ?? Buffer.from('<rss version="2.0"><channel></channel></rss>'));
    const payload = encode(raw, encoding);
    headers['content-type'] ??= route.contentType ?? 'application/rss+xml; charset=utf-8';
    if (encoding !== undefined) headers['content-encoding'] = encoding;
    record(status);
    if (route.chunked) {
      res.writeHead(status, headers);
      // Several writes without Content-Length: Node sends Transfer-Encoding: chunked.
      const size = 64 * 1024;
      for (let offset = 0; offset < payload.length; offset += size) res.write(payload.subarray(offset, offset + size));
      res.end();
      return;
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : payload);
  }

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://feeds.local').pathname;
    const delay = routes.get(path)?.delayMs ?? 0;
    if (delay <= 0) return answer(req, res, path);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) answer(req, res, path);
    }, delay);
    timers.add(timer);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const normalize = (path: string): string => (path.startsWith('/') ? path : `/${path}`);

  return {
    url,
    requests,
    urlFor: (path) => `${url}${normalize(path)}`,
    serve(path, route) {
      routes.set(normalize(path), route);
    },
    redirect(from, to, status = 302) {
      const location = /^https?:\/\//.test(to) ? to : `${url}${normalize(to)}`;
      routes.set(normalize(from), { status, headers: { location }, body: '' });
    },
    async serveDirectory(directory, mountPath = '/') {
      const served: string[] = [];
      const mount = normalize(mountPath).replace(/\/$/, '');
      for (const name of (await readdir(directory)).sort()) {
        const type = TYPES[extname(name).toLowerCase()];
        if (type === undefined) continue;
        const path = `${mount}/${name}`;
        routes.set(path, { body: await readFile(join(directory, name)), contentType: type, etag: `"${name}-v1"` });
        served.push(path);
      }
      return served;
    },
    requestCount: (path) => requests.filter((r) => r.path === normalize(path)).length,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
