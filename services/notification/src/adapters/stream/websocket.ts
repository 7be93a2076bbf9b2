import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { PulseError, ValidationError, describeError } from '@pulse/errors';
import { MATCH_ALL, type LiveFilter } from '../../domain/live-event';
import type { LiveClient } from './live-client';
import type { LiveHub } from './live-hub';
import { parseLiveFilter } from './live-filter-query';
import type { Authenticate, Principal } from './principal';
import { bearerToken, principalFromTicketOr, requestUrl } from './request-auth';
import type { TicketStore } from './ticket-store';
import { WsTransport } from './ws-transport';

export interface AttachWebSocketOptions {
  /** Verifies a JWT from the Authorization header (from @pulse/auth). */
  authenticate: Authenticate;
  /** Redeems `?ticket=` for browsers, which cannot set headers on a WebSocket. */
  tickets?: TicketStore;
  path?: string;
  /** Largest client message accepted; subscribe messages are small. */
  maxPayloadBytes?: number;
}

const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    niches: z.array(z.string().max(200)).max(50).optional(),
    events: z.array(z.string().max(100)).max(10).optional(),
    lastEventId: z.string().max(200).optional(),
  }),
  z.object({ type: z.literal('resume'), lastEventId: z.string().min(1).max(200) }),
]);

/**
 * Serves live events over WebSocket on `path` (default /ws) of an existing HTTP server. The upgrade is
 * authenticated first (Bearer JWT or single-use ticket) and refused with 401 otherwise. The client
 * then sends `{"type":"subscribe","niches":[...],"events":[...],"lastEventId"?}` (answered with
 * `{"type":"subscribed",...}` once live) and may send `{"type":"resume","lastEventId":...}`. Server
 * messages: `{"type":"event","id","event"}`, `{"type":"reset","reason"}`, `{"type":"error","message"}`.
 */
export function attachWebSocket(server: Server, hub: LiveHub, options: AttachWebSocketOptions): { wss: WebSocketServer; close(): Promise<void> } {
  const path = options.path ?? '/ws';
  // No permessage-deflate: compressing every frame per client (zlib per socket) would cost far more
  // CPU and memory than the bytes it saves on small JSON frames, and clients share one encoded frame.
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxPayloadBytes ?? 16 * 1024, perMessageDeflate: false });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = requestUrl(req);
    if (url.pathname !== path) return refuse(socket, 404, 'Not Found');
    socket.on('error', () => socket.destroy());
    principalFromTicketOr(url, options.tickets, () => {
      const token = bearerToken(req);
      return token ? options.authenticate(token) : undefined;
    })
      .then((principal) => {
        if (socket.destroyed) return;
        wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws, socket, principal, hub));
      })
      .catch((error: unknown) => {
        const status = error instanceof PulseError ? error.status : 401;
        refuse(socket, status, status === 401 ? 'Unauthorized' : 'Error');
      });
  };
  server.on('upgrade', onUpgrade);

  return {
    wss,
    close: () =>
      new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.terminate();
        wss.close(() => resolve());
      }),
  };
}

function serveConnection(ws: WebSocket, socket: Duplex, principal: Principal, hub: LiveHub): void {
  const transport = new WsTransport(ws, socket);
  let client: LiveClient | undefined;
  let filter: LiveFilter = MATCH_ALL;
  // Messages are handled one after another so a resume cannot race the subscribe before it.
  let queue = Promise.resolve();

  const subscribe = async (lastEventId: string | undefined): Promise<void> => {
    client?.disconnected();
    const connection = hub.connect(transport, { principal, filter, lastEventId });
    client = connection.client;
    transport.onDeadPeer = () => connection.client.close('dead-peer');
    await connection.ready;
    if (!connection.client.isClosed) ws.send(JSON.stringify({ type: 'subscribed', niches: filter.niches, events: filter.events }));
  };

  ws.on('message', (data, isBinary) => {
    queue = queue.then(async () => {
      try {
        if (isBinary) throw new ValidationError('Binary messages are not supported', ['message: must be JSON text']);
        const message = clientMessage.parse(JSON.parse(String(data)));
        if (message.type === 'subscribe') {
          filter = parseLiveFilter(message.niches ?? [], message.events ?? []);
          await subscribe(message.lastEventId);
        } else {
          await subscribe(message.lastEventId);
        }
      } catch (error) {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: 'error', message: errorMessage(error) }));
      }
    });
  });
  ws.on('close', () => client?.disconnected());
  ws.on('error', () => ws.terminate());
}

function errorMessage(error: unknown): string {
  if (error instanceof z.ZodError) return `Invalid message: ${error.issues.map((issue) => `${issue.path.join('.') || 'message'}: ${issue.message}`).join('; ')}`;
  if (error instanceof SyntaxError) return 'Invalid message: not JSON';
  if (error instanceof ValidationError) return `${error.message}: ${error.errors.join('; ')}`;
  if (error instanceof PulseError) return error.message;
  return describeError(error);
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
