import type Redis from 'ioredis';
import { RetriableError } from '@pulse/errors';
import type { LiveFilter, LiveMessage } from '../../domain/live-event';
import { compareStreamIds } from '../../domain/stream-id';
import { DEFAULT_CLIENT_BUFFER, LiveClient, type ClientBufferLimits } from './live-client';
import { DEFAULT_REPLAY_WINDOW, LiveReplayStore, parseLiveMessage, type ReplayWindow } from './live-replay-store';
import type { CloseReason, LiveEntry, LiveTransport } from './live-transport';
import type { Principal } from './principal';

export interface LiveHubOptions {
  /** Connection for commands (XADD, XRANGE, GET); may be shared with the rest of the service. */
  redis: Redis;
  /** Connection dedicated to pub/sub; by default `redis.duplicate()`, owned and closed by the hub. */
  subscriber?: Redis;
  /** Namespace of every key and the channel; all replicas of one deployment use the same. */
  keyPrefix: string;
  window?: Partial<ReplayWindow>;
  clientBuffer?: Partial<ClientBufferLimits>;
  /** Interval of SSE `: ping` comments / WebSocket pings. */
  heartbeatMs?: number;
  /** Called when a client is closed by the server (slow consumer, dead peer), for metrics and logs. */
  onClientClosed?: (info: { tenantId: string; reason: CloseReason }) => void;
}

export interface ConnectOptions {
  principal: Principal;
  filter: LiveFilter;
  /** The last event id the client saw (Last-Event-ID): events after it are replayed if still in the window. */
  lastEventId?: string;
}

export interface HubStats {
  clients: number;
  tenants: number;
  closedSlow: number;
  closedDeadPeer: number;
}

/**
 * Live push for one replica. Published events go to Redis (a per-tenant stream for resume plus one
 * pub/sub message); every replica, this one included, receives the message on its subscriber
 * connection and hands it to its local clients of that tenant whose filter matches. Nothing in the
 * publish path waits for a client.
 */
export class LiveHub {
  private readonly store: LiveReplayStore;
  private readonly subscriber: Redis;
  private readonly ownsSubscriber: boolean;
  private readonly byTenant = new Map<string, Set<LiveClient>>();
  private readonly limits: ClientBufferLimits;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private readyOnce = false;
  private readonly counters = { closedSlow: 0, closedDeadPeer: 0 };

  constructor(private readonly options: LiveHubOptions) {
    this.store = new LiveReplayStore(options.redis, options.keyPrefix, { ...DEFAULT_REPLAY_WINDOW, ...options.window });
    this.ownsSubscriber = !options.subscriber;
    this.subscriber = options.subscriber ?? options.redis.duplicate();
    this.limits = { ...DEFAULT_CLIENT_BUFFER, ...options.clientBuffer };
  }

  /** Subscribes to the fan-out channel and starts heartbeats; resolves once events can arrive. */
  async start(): Promise<void> {
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.store.channel) return;
      const entry = parseLiveMessage(message);
      if (entry) this.dispatch(entry);
    });
    // ioredis re-subscribes after a reconnect, but messages sent meanwhile are lost to pub/sub;
    // the streams still hold them, so every reconnect is followed by a catch-up read.
    this.subscriber.on('ready', () => {
      if (this.readyOnce) void this.catchUp();
      this.readyOnce = true;
    });
    if (this.subscriber.status === 'ready') this.readyOnce = true;
    try {
      await this.subscriber.subscribe(this.store.channel);
    } catch (error) {
      throw new RetriableError('Could not subscribe to the live channel', { cause: error });
    }
    this.readyOnce = true;
    const heartbeatMs = this.options.heartbeatMs ?? 15_000;
    this.heartbeatTimer = setInterval(() => this.heartbeat(), heartbeatMs);
    this.heartbeatTimer.unref();
  }

  /** Stores and fans out an event to all replicas; a redelivered event id is not pushed twice. */
  async publish(event: LiveMessage): Promise<{ streamId: string; duplicate: boolean }> {
    try {
      return await this.store.append(event);
    } catch (error) {
      throw new RetriableError(`Could not publish live event ${event.id}`, { cause: error });
    }
  }

  /**
   * publish for many events with one Redis round trip (the consumers' batch mode); order is kept,
   * and each event id is still pushed once however often it is published.
   */
  async publishMany(events: readonly LiveMessage[]): Promise<Array<{ streamId: string; duplicate: boolean }>> {
    try {
      return await this.store.appendMany(events);
    } catch (error) {
      throw new RetriableError(`Could not publish ${events.length} live event(s)`, { cause: error });
    }
  }

  /**
   * Registers a connection. The client is live (and returned) once its replay is done: events after
   * `lastEventId` when it is still in the window, a `reset` frame when it is not.
   */
  connect(transport: LiveTransport, options: ConnectOptions): { client: LiveClient; ready: Promise<void> } {
    const client = new LiveClient(options.principal, options.filter, transport, this.limits, (closed, reason) =>
      this.forget(closed, reason),
    );
    let clients = this.byTenant.get(client.tenantId);
    if (!clients) this.byTenant.set(client.tenantId, (clients = new Set()));
    clients.add(client);
    const ready = this.startClient(client, options.lastEventId).catch((error: unknown) => {
      client.close('shutdown');
      throw new RetriableError('Could not start the live stream', { cause: error });
    });
    return { client, ready };
  }

  stats(): HubStats {
    let clients = 0;
    for (const set of this.byTenant.values()) clients += set.size;
    return { clients, tenants: this.byTenant.size, ...this.counters };
  }

  /** Closes every client and the subscriber connection. */
  async stop(): Promise<void> {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    for (const clients of [...this.byTenant.values()]) for (const client of [...clients]) client.close('shutdown');
    this.subscriber.removeAllListeners('message');
    this.subscriber.removeAllListeners('ready');
    if (this.ownsSubscriber) await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    else await this.subscriber.unsubscribe(this.store.channel).catch(() => undefined);
  }

  private async startClient(client: LiveClient, lastEventId: string | undefined): Promise<void> {
    const tenantId = client.tenantId;
    if (lastEventId) {
      const from = await this.store.resolve(tenantId, lastEventId);
      const entries = from ? await this.store.readAfter(tenantId, from) : undefined;
      if (from && entries) {
        client.lastStreamId = from;
        await client.replay(entries);
        return client.resume();
      }
      client.reset('last-event-id-outside-window');
    }
    client.lastStreamId = await this.store.latestId(tenantId);
    client.resume();
  }

  private dispatch(entry: LiveEntry): void {
    const clients = this.byTenant.get(entry.event.tenantId);
    if (!clients) return;
    for (const client of clients) client.deliver(entry);
  }

  private heartbeat(): void {
    for (const clients of this.byTenant.values()) for (const client of clients) client.heartbeat();
  }

  private async catchUp(): Promise<void> {
    await Promise.all(
      [...this.byTenant.entries()].map(async ([tenantId, clients]) => {
        // Clients still in their own start-up replay are left alone: that replay already reads the stream.
        const live = [...clients].filter((client) => !client.isClosed && !client.isPaused);
        if (live.length === 0) return;
        for (const client of live) client.pause();
        try {
          const oldest = live.map((client) => client.lastStreamId).reduce((a, b) => (compareStreamIds(a, b) <= 0 ? a : b));
          const entries = await this.store.readSince(tenantId, oldest);
          await Promise.all(live.map((client) => client.replay(entries)));
        } finally {
          for (const client of live) client.resume();
        }
      }),
    ).catch(() => undefined); // a failed catch-up leaves clients live; they miss what pub/sub lost, as before
  }

  private forget(client: LiveClient, reason: CloseReason | 'disconnected'): void {
    const clients = this.byTenant.get(client.tenantId);
    clients?.delete(client);
    if (clients && clients.size === 0) this.byTenant.delete(client.tenantId);
    if (reason === 'slow-consumer') this.counters.closedSlow += 1;
    if (reason === 'dead-peer') this.counters.closedDeadPeer += 1;
    if (reason !== 'disconnected' && reason !== 'shutdown') this.options.onClientClosed?.({ tenantId: client.tenantId, reason });
  }
}
