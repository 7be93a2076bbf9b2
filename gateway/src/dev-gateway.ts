/**
 * The dev gateway: one local port serving Traefik's routes (gateway/traefik/dynamic/routes.yml) for
 * `npm start` and end-to-end tests, where Traefik itself is not installed.
 *
 * It reproduces what changes a request's destination or a response's headers: rule matching in
 * Traefik's priority order, StripPrefix, the headers middlewares (security headers, CORS). Traefik's
 * protective middlewares (rate limit, in-flight cap, circuit breaker, retry, compression) are left
 * to Traefik: they guard production traffic and would only hide a local service's behaviour.
 * Responses stream through unbuffered (SSE), and WebSocket upgrades are proxied.
 */
import { Agent, createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { ProxyServer } from 'http-proxy-3';
import { describeError } from '@pulse/errors';
import { compileRoutes, loadDynamicConfig, matchRoute, stripPath, type CompiledRoute } from './route-table';
import { answerPreflight, applyResponseHeaders } from './header-policy';
import { rejectUpgrade, sendProblem, type Problem } from './problem';

export interface DevGatewayOptions {
  /** Path of Traefik's dynamic routing file. */
  routesFile: string;
  /** Traefik service name -> base URL, e.g. `{ news: 'http://127.0.0.1:4101' }`. */
  upstreams: Record<string, string>;
  /** Port to listen on (0 picks a free one). */
  port: number;
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
}

export interface DevGateway {
  port: number;
  routes: CompiledRoute[];
  close(): Promise<void>;
}

interface Target {
  route: CompiledRoute;
  url: string;
}

/** Starts the dev gateway; resolves once it listens. */
export async function startDevGateway(options: DevGatewayOptions): Promise<DevGateway> {
  const routes = compileRoutes(loadDynamicConfig(options.routesFile));
  const proxy = new ProxyServer({ xfwd: true, ws: true, changeOrigin: false });
  // Keep-alive connections to the services, as Traefik keeps them: without an agent http-proxy
  // opens (and closes) a TCP connection per request, which cost the gateway more CPU than the
  // proxying itself. Node's agent honours the upstream's Keep-Alive timeout hint, so an idle
  // connection is dropped before the service closes it. WebSocket upgrades keep their own sockets.
  const upstreamAgent = new Agent({ keepAlive: true });
  const routeOf = new WeakMap<IncomingMessage, CompiledRoute>();
  const upgraded = new Set<Duplex>();

  proxy.on('proxyRes', (proxyRes, req, res) => {
    const route = routeOf.get(req);
    if (route) applyResponseHeaders(proxyRes.headers, route.headers, req.headers.origin);
    // Node sends the status line with the first body chunk; an event stream may not have one for a
    // while, so its headers go out at once (after the proxy copied them), as Traefik does.
    if (String(proxyRes.headers['content-type'] ?? '').startsWith('text/event-stream')) {
      process.nextTick(() => {
        if (!res.headersSent) res.flushHeaders();
      });
    }
  });

  /** Finds the route and rewrites req.url as Traefik would before forwarding. */
  function resolve(req: IncomingMessage): Target | Problem {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const route = matchRoute(routes, url.pathname);
    if (!route) {
      return { code: 'not-found', status: 404, title: 'Not Found', detail: `No route for ${url.pathname}`, instance: url.pathname };
    }
    const upstream = options.upstreams[route.service];
    if (!upstream) {
      return { code: 'bad-gateway', status: 502, title: 'Bad Gateway', detail: `No upstream configured for service ${route.service}`, instance: url.pathname };
    }
    const { path, stripped } = stripPath(url.pathname, route.stripPrefixes);
    if (stripped) req.headers['x-forwarded-prefix'] = stripped;
    req.url = `${path}${url.search}`;
    routeOf.set(req, route);
    return { route, url: upstream };
  }

  const upstreamDown = (target: Target, error: unknown): Problem => ({
    code: 'bad-gateway',
    status: 502,
    title: 'Bad Gateway',
    detail: `Service ${target.route.service} is unreachable (${describeError(error)})`,
  });

  const server: Server = createServer((req, res) => {
    const target = resolve(req);
    if (!('route' in target)) return sendProblem(res, target);
    if (answerPreflight(req, res, target.route.headers)) return;
    proxy.web(req, res, { target: target.url, agent: upstreamAgent }, (error) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(target.route.headers.responseHeaders)) if (value) headers[name] = value;
      sendProblem(res, upstreamDown(target, error), headers);
    });
  });
  // Streams (SSE, WebSocket) may stay open for hours: no server-side idle or request deadline.
  server.timeout = 0;
  server.requestTimeout = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const target = resolve(req);
    if (!('route' in target)) return rejectUpgrade(socket, target);
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    proxy.ws(req, socket, head, { target: target.url }, (error) => rejectUpgrade(socket, upstreamDown(target, error)));
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolveListen());
  });

  return {
    port: (server.address() as AddressInfo).port,
    routes,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const socket of upgraded) socket.destroy();
        server.close(() => resolveClose());
        server.closeAllConnections();
        proxy.close();
        upstreamAgent.destroy();
      }),
  };
}
