import { matchesFilter, type LiveFilter } from '../../domain/live-event';
import { compareStreamIds, STREAM_START } from '../../domain/stream-id';
import type { Principal } from './principal';
import type { CloseReason, Frame, LiveEntry, LiveTransport } from './live-transport';

/** Per-client buffer bounds: a client with more than this in flight is dropped. */
export interface ClientBufferLimits {
  maxEvents: number;
  maxBytes: number;
  /** How long a replay may wait for the client to drain before the client counts as slow. */
  drainTimeoutMs: number;
}

export const DEFAULT_CLIENT_BUFFER: ClientBufferLimits = { maxEvents: 500, maxBytes: 1024 * 1024, drainTimeoutMs: 10_000 };

/**
 * One connected client of a hub. Delivery never waits on the client: frames that are written but
 * not yet flushed count against the limits, and a client over them is closed (its reconnect with
 * Last-Event-ID recovers the rest). While "paused" (during a replay), live entries queue up, bounded
 * by the same limits, and are flushed in stream order afterwards; entries at or before the last
 * delivered stream id are skipped, so replay and live never double or reorder.
 */
export class LiveClient {
  private pendingEvents = 0;
  private pendingBytes = 0;
  private paused = true;
  private queued: LiveEntry[] = [];
  private closed = false;
  private drainWaiters: Array<() => void> = [];
  lastStreamId = STREAM_START;

  constructor(
    readonly principal: Principal,
    readonly filter: LiveFilter,
    private readonly transport: LiveTransport,
    private readonly limits: ClientBufferLimits,
    private readonly onClosed: (client: LiveClient, reason: CloseReason | 'disconnected') => void,
  ) {}

  get tenantId(): string {
    return this.principal.tenantId;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Hands a live entry to the client (queued while paused); never blocks. */
  deliver(entry: LiveEntry): void {
    if (this.closed || !this.wants(entry)) return;
    if (this.paused) {
      if (this.queued.length >= this.limits.maxEvents) return this.close('slow-consumer');
      this.queued.push(entry);
      return;
    }
    this.lastStreamId = entry.streamId;
    this.send(this.transport.eventFrame(entry));
  }

  pause(): void {
    this.paused = true;
  }

  /** Sends replayed entries at the client's pace, then flushes what queued meanwhile and goes live. */
  async replay(entries: readonly LiveEntry[]): Promise<void> {
    for (const entry of entries) {
      if (this.closed) return;
      if (!this.wants(entry)) continue;
      await this.waitForRoom();
      if (this.closed) return;
      this.lastStreamId = entry.streamId;
      this.send(this.transport.eventFrame(entry));
    }
  }

  /** Ends a pause: queued live entries go out in order. */
  resume(): void {
    if (this.closed) return;
    const queued = this.queued;
    this.queued = [];
    this.paused = false;
    queued.sort((a, b) => compareStreamIds(a.streamId, b.streamId));
    for (const entry of queued) this.deliver(entry);
  }

  /** Tells the client its Last-Event-ID is outside the replay window: it should reload its state. */
  reset(reason: string): void {
    if (!this.closed) this.send(this.transport.resetFrame(reason));
  }

  heartbeat(): void {
    if (!this.closed) this.transport.heartbeat();
  }

  /** Closes the connection from the server side. */
  close(reason: CloseReason): void {
    if (this.closed) return;
    this.markClosed(reason);
    this.transport.close(reason);
  }

  /** The connection went away on its own (client left, socket error). */
  disconnected(): void {
    if (!this.closed) this.markClosed('disconnected');
  }

  private wants(entry: LiveEntry): boolean {
    // Isolation is enforced here as well as by the hub's per-tenant index: a wrong index entry still cannot leak.
    if (entry.event.tenantId !== this.principal.tenantId) return false;
    if (compareStreamIds(entry.streamId, this.lastStreamId) <= 0) return false;
    return matchesFilter(entry.event, this.filter);
  }

  private send(frame: Frame): void {
    const bytes = typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length;
    if (this.pendingEvents + 1 > this.limits.maxEvents || this.pendingBytes + bytes > this.limits.maxBytes) {
      return this.close('slow-consumer');
    }
    this.pendingEvents += 1;
    this.pendingBytes += bytes;
    this.transport.write(frame, () => {
      this.pendingEvents -= 1;
      this.pendingBytes -= bytes;
      if (this.drainWaiters.length > 0 && this.hasRoom()) this.releaseWaiters();
    });
  }

  private hasRoom(): boolean {
    return this.pendingEvents * 2 < this.limits.maxEvents && this.pendingBytes * 2 < this.limits.maxBytes;
  }

  private waitForRoom(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.close('slow-consumer'), this.limits.drainTimeoutMs);
      this.drainWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private releaseWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const release of waiters) release();
  }

  private markClosed(reason: CloseReason | 'disconnected'): void {
    this.closed = true;
    this.queued = [];
    this.releaseWaiters();
    this.onClosed(this, reason);
  }
}
