import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request one of the local servers received. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface OutsideHost {
  url: string;
  received: ReceivedRequest[];
  /** Serves `body` at GET `path` (e.g. an RSS feed). */
  serve(path: string, body: string, contentType?: string): void;
  close(): Promise<void>;
}

/**
 * A plain HTTP server on one loopback address, recording every request. On the "public" host
 * (127.0.0.3, the only address in the services' allow-lists) it plays an attacker's site: it serves
 * the feed, accepts webhooks, and `/redirect?to=<url>` (any method) answers 307 to a private
 * address. On 127.0.0.1 it is the private target (the "trap") that must never be reached.
 */
export async function startOutsideHost(host: string): Promise<OutsideHost> {
  const received: ReceivedRequest[] = [];
  const pages = new Map<string, { body: string; contentType: string }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://outside.local');
      received.push({ method: req.method ?? 'GET', path: url.pathname + url.search, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const to = url.searchParams.get('to');
      if (url.pathname === '/redirect' && to) {
        res.writeHead(307, { location: to }).end();
        return;
      }
      const page = pages.get(url.pathname);
      if (req.method === 'GET' && page) {
        res.writeHead(200, { 'content-type': page.contentType }).end(page.body);
        return;
      }
      if (req.method === 'POST' && url.pathname.startsWith('/hooks/')) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not here');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    received,
    serve: (path, body, contentType = 'application/rss+xml; charset=utf-8') => void pages.set(path, { body, contentType }),
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
