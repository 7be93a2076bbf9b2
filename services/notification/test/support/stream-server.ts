import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { uniqueName } from '@pulse/testing';
import { LiveHub, type LiveHubOptions } from '../../src/adapters/stream/live-hub';
import { sseHandler } from '../../src/adapters/stream/sse.handler';
import { ticketHandler } from '../../src/adapters/stream/ticket.handler';
import { TicketStore } from '../../src/adapters/stream/ticket-store';
import { attachWebSocket } from '../../src/adapters/stream/websocket';
import type { Principal } from '../../src/adapters/stream/principal';
import { bearerToken } from '../../src/adapters/stream/request-auth';

/** Tokens the test authenticate function accepts (the real one verifies JWTs with @pulse/auth). */
export const PRINCIPALS: Record<string, Principal> = {
  'token-acme': { sub: 'user-a', tenantId: 'acme', scopes: ['stream:read'] },
  'token-beta': { sub: 'user-b', tenantId: 'beta', scopes: ['stream:read'] },
};

export async function authenticate(token: string): Promise<Principal> {
  const principal = PRINCIPALS[token];
  if (!principal) throw new Error('invalid token');
  return principal;
}

export interface StreamServer {
  url: string;
  wsUrl: string;
  hub: LiveHub;
  tickets: TicketStore;
  redis: Redis;
  close(): Promise<void>;
}

/** One "replica": a real HTTP server with SSE, tickets and WebSocket on its own Redis connections. */
export async function startStreamServer(redisUrl: string, keyPrefix = uniqueName('test-live'), hubOptions: Partial<LiveHubOptions> = {}): Promise<StreamServer> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
  const hub = new LiveHub({ redis, keyPrefix, heartbeatMs: 60_000, ...hubOptions });
  await hub.start();
  const tickets = new TicketStore(redis, keyPrefix);
  const principalOf = (req: http.IncomingMessage) => {
    const token = bearerToken(req);
    return token ? PRINCIPALS[token] : undefined;
  };
  const sse = sseHandler(hub, { principalOf, tickets });
  const issue = ticketHandler(tickets, { principalOf });
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === '/v1/stream') return void sse(req, res);
    if (req.method === 'POST' && path === '/v1/stream/tickets') return void issue(req, res);
    res.writeHead(404).end();
  });
  const ws = attachWebSocket(server, hub, { authenticate, tickets });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    hub,
    tickets,
    redis,
    async close() {
      await hub.stop();
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await redis.quit();
    },
  };
}
