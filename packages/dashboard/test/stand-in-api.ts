import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import express, { type Response } from 'express';
import helmet from 'helmet';
import { dashboardRouter } from '../src';

/**
 * A small HTTP server for the UI test: the real dashboard router at /dashboard, and stand-ins for
 * the analytics and notification endpoints the page calls (overview, timeseries, stream tickets,
 * SSE stream). They stand in for those services only in this browser test, so it can check what
 * the page sends and push events when it chooses; the end-to-end test of the whole system
 * exercises the real services behind the gateway.
 */
export interface StandInApi {
  url: string;
  /** Every API request: method, path, query and Authorization header, in order. */
  requests: { method: string; path: string; query: URLSearchParams; authorization: string | undefined }[];
  /** Open SSE responses. */
  streams: Set<Response>;
  /** Tokens the stand-in answers 401 for. */
  rejectedTokens: Set<string>;
  overview: unknown;
  /** Sends one SSE frame (`event:` name, `id:` and JSON `data:`) to every open stream. */
  push(event: string, envelope: { id: string }): void;
  close(): Promise<void>;
}

export async function startStandInApi(overview: unknown): Promise<StandInApi> {
  const app = express();
  // As in the notification service: helmet's defaults first; the dashboard router then sets its own policy.
  app.use(helmet());
  const api: StandInApi = {
    url: '',
    requests: [],
    streams: new Set(),
    rejectedTokens: new Set(),
    overview,
    push(event, envelope) {
      const frame = `id: ${envelope.id}\nevent: ${event}\ndata: ${JSON.stringify(envelope)}\n\n`;
      for (const stream of api.streams) stream.write(frame);
    },
    close: async () => undefined,
  };
  const tickets = new Set<string>();
  let ticketsIssued = 0;

  app.use('/dashboard', dashboardRouter());
  app.use('/api', (req, res, next) => {
    const url = new URL(req.originalUrl, 'http://stand-in');
    api.requests.push({ method: req.method, path: url.pathname, query: url.searchParams, authorization: req.headers.authorization });
    next();
  });
  const bearer = (authorization: string | undefined): string | undefined => /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
  const authorized = (authorization: string | undefined): boolean => {
    const token = bearer(authorization);
    return token !== undefined && !api.rejectedTokens.has(token);
  };
  const unauthorized = (res: Response): void => {
    res.status(401).type('application/problem+json').json({ title: 'Unauthorized', status: 401, detail: 'invalid token' });
  };

  app.get('/api/v1/analytics/overview', (req, res) => {
    if (!authorized(req.headers.authorization)) return unauthorized(res);
    res.json(api.overview);
  });
  app.get('/api/v1/analytics/timeseries', (req, res) => {
    if (!authorized(req.headers.authorization)) return unauthorized(res);
    const from = Date.parse(String(req.query.from));
    const to = Date.parse(String(req.query.to));
    const minute = 60_000;
    const points = [];
    for (let t = Math.floor(from / minute) * minute; t < to; t += minute) {
      const i = (t - from) / minute;
      const value = req.query.metric === 'posts' ? Math.round(2 + Math.sin(i / 6) * 1.5) : Math.round(8 + Math.sin(i / 9) * 4 + (i % 7));
      points.push({ t: new Date(t).toISOString(), value });
    }
    res.json({ metric: req.query.metric, interval: req.query.interval, points });
  });
  app.post('/api/v1/stream/tickets', (req, res) => {
    if (!authorized(req.headers.authorization)) return unauthorized(res);
    ticketsIssued += 1;
    const ticket = `ticket-${ticketsIssued}`;
    tickets.add(ticket);
    res.status(201).json({ ticket, expiresIn: 30 });
  });
  app.get('/api/v1/stream', (req, res) => {
    const ticket = String(req.query.ticket ?? '');
    if (!tickets.delete(ticket)) return unauthorized(res); // single use, as in the notification service
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache' });
    res.write('retry: 3000\n\n');
    api.streams.add(res);
    res.on('close', () => api.streams.delete(res));
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  api.close = () =>
    new Promise<void>((resolve, reject) => {
      for (const stream of api.streams) stream.end();
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    });
  return api;
}
