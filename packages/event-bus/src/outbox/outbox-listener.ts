import { Client, type ClientConfig } from 'pg';
import type { DataSource } from 'typeorm';
import { describeError } from '@pulse/errors';
import type { BusLogger } from '../logger';
import { backoffDelay, type RetryPolicy } from '../retry-policy';

export interface OutboxListenerOptions {
  /** pg connection settings (connectionOptionsOf(dataSource): the DataSource's own). */
  connection: ClientConfig;
  channel: string;
  logger: BusLogger;
  /** Called on each notification, and once after every (re)LISTEN: rows may have been committed meanwhile. */
  onNotify: () => void;
  /** Called when the connection is lost: the relay must switch to its short poll now, not after its long sleep. */
  onLost?: () => void;
  /** Reconnect backoff (attempts is unused: it retries until stopped). */
  retry?: Pick<RetryPolicy, 'initialMs' | 'maxMs'>;
}

const DEFAULT_RECONNECT = { initialMs: 250, maxMs: 5_000 };

/**
 * Holds one dedicated pg connection that LISTENs on an outbox channel. The pool's connections can't
 * do it: a pooled client goes back to the pool and stops hearing. When the connection drops
 * (PostgreSQL restarted, network cut) it reconnects with backoff until stopped; `listening` tells
 * the relay whether it can rely on notifications or must poll at its short interval meanwhile.
 */
export class OutboxListener {
  private client: Client | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private stopped = true;
  private failures = 0;
  private active = false;

  constructor(private readonly options: OutboxListenerOptions) {}

  /** True while LISTEN is in effect on a live connection. */
  get listening(): boolean {
    return this.active;
  }

  /** Connects and LISTENs in the background (never throws; failures are retried). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.active = false;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const { channel, logger } = this.options;
    const client = new Client(this.options.connection);
    this.client = client;
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.client === client) {
        this.client = undefined;
        this.active = false;
      }
      void client.end().catch(() => undefined);
      if (this.stopped) return;
      if (this.failures === 0) this.options.onLost?.();
      this.failures++;
      const delayMs = backoffDelay(this.failures, { attempts: 0, ...DEFAULT_RECONNECT, ...this.options.retry });
      // Polling covers the gap, so this is a warning, not an error.
      logger.warn('outbox LISTEN connection lost; polling until it is back', {
        channel, attempt: this.failures, retryInMs: delayMs, ...(error === undefined ? {} : { error: describeError(error) }),
      });
      this.reconnectTimer = setTimeout(() => void this.connect(), delayMs);
    };
    // Without an 'error' listener a dropped idle connection would crash the process.
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => {
      if (message.channel === channel) this.options.onNotify();
    });
    try {
      await client.connect();
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
    } catch (error) {
      onLost(error);
      return;
    }
    if (lost || this.stopped) return;
    this.active = true;
    if (this.failures > 0) logger.info('outbox LISTEN connection restored', { channel, after: this.failures });
    this.failures = 0;
    this.options.onNotify();
  }
}

/**
 * The pg connection settings TypeORM's PostgresDriver builds its pool from (see its createPool),
 * minus the pool-only ones: the listener connects exactly as the DataSource does (url, TLS,
 * search_path options, application name).
 */
export function connectionOptionsOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as {
    url?: string; host?: string; port?: number; username?: string; password?: string; database?: string;
    ssl?: ClientConfig['ssl']; connectTimeoutMS?: number; applicationName?: string; extra?: Record<string, unknown>;
  };
  const { max: _max, min: _min, idleTimeoutMillis: _idle, ...extra } = (o.extra ?? {}) as Record<string, unknown>;
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: o.password,
    database: o.database,
    ssl: o.ssl,
    connectionTimeoutMillis: o.connectTimeoutMS,
    application_name: o.applicationName ? `${o.applicationName}-outbox-listen` : undefined,
    keepAlive: true,
    ...extra,
  } as ClientConfig;
}
