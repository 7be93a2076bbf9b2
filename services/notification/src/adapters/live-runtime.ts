import type { Server } from 'node:http';
import type { Redis } from 'ioredis';
import type { Authenticator } from '@pulse/auth';
import type { Logger, Metrics } from '@pulse/observability';
import type { Worker } from '@pulse/service-runtime';
import type { NotificationConfig } from '../config';
import { STREAM_SCOPE } from '../http/stream.routes';
import { tokenAuthenticator } from '../http/token-authenticator';
import { LiveHub } from './stream/live-hub';
import { TicketStore } from './stream/ticket-store';
import { attachWebSocket } from './stream/websocket';

/** The live side of one replica: the hub, browser tickets, and the WebSocket server once listening. */
export interface LiveRuntime {
  hub: LiveHub;
  tickets: TicketStore;
  /** Starts the hub's fan-out subscription; stopping closes every client (before the HTTP server closes). */
  worker: Worker;
  /** Serves `/ws` on the runtime's server (ServiceParts.onListening). */
  attachWebSocket(server: Server): void;
}

export function createLiveRuntime(deps: { config: NotificationConfig; redis: Redis; auth: Authenticator; logger: Logger; metrics: Metrics }): LiveRuntime {
  const { config, redis, auth, logger, metrics } = deps;
  // The runtime's connection refuses commands while disconnected (no offline queue) and connects
  // lazily; the subscriber must queue its SUBSCRIBE until connected and retry forever.
  const subscriber = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  const closed = metrics.counter({ name: 'pulse_live_clients_dropped_total', help: 'Live clients closed by the server', labelNames: ['reason'] as const });
  const hub = new LiveHub({
    redis,
    subscriber,
    keyPrefix: config.LIVE_KEY_PREFIX,
    window: { maxEvents: config.LIVE_WINDOW_EVENTS, ttlSeconds: config.LIVE_WINDOW_TTL_SECONDS },
    clientBuffer: { maxEvents: config.LIVE_CLIENT_MAX_EVENTS, maxBytes: config.LIVE_CLIENT_MAX_BYTES },
    heartbeatMs: config.LIVE_HEARTBEAT_MS,
    onClientClosed: ({ tenantId, reason }) => {
      closed.inc({ reason });
      logger.info('live client dropped', { tenantId, reason });
    },
  });
  metrics.gauge({
    name: 'pulse_live_clients',
    help: 'Live (SSE and WebSocket) clients connected to this replica',
    collect() {
      this.set(hub.stats().clients);
    },
  });
  const tickets = new TicketStore(redis, config.LIVE_KEY_PREFIX, config.STREAM_TICKET_TTL_SECONDS * 1000);
  let ws: { close(): Promise<void> } | undefined;

  return {
    hub,
    tickets,
    worker: {
      name: 'live hub',
      start: () => hub.start(),
      stop: async () => {
        await hub.stop(); // closes SSE responses and WebSockets politely
        await ws?.close();
        await subscriber.quit().catch(() => subscriber.disconnect());
      },
    },
    attachWebSocket(server) {
      ws = attachWebSocket(server, hub, { authenticate: tokenAuthenticator(auth, [STREAM_SCOPE]), tickets });
    },
  };
}
