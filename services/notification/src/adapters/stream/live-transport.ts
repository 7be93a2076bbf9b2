import type { LiveMessage } from '../../domain/live-event';

/** One event as the hub hands it to clients: the envelope, its JSON (serialized once) and its stream id. */
export interface LiveEntry {
  streamId: string;
  event: LiveMessage;
  json: string;
  /**
   * Encoded frames per transport kind, filled by the first client that needs one: a tenant's
   * clients share one Buffer per event instead of building and UTF-8 encoding it each.
   */
  frames?: { ws?: Buffer; sse?: Buffer };
}

/**
 * A frame as written: event frames are Buffers in the transport's wire format, shared by all clients
 * of the event; control messages are strings the transport frames per client.
 */
export type Frame = string | Buffer;

/** Why a connection was closed by the server. */
export type CloseReason = 'slow-consumer' | 'dead-peer' | 'shutdown';

/**
 * What the hub needs from a connection (SSE response or WebSocket). Frames are strings formatted by
 * the transport; `write` calls `done` once the frame left our buffers, which is how the client's
 * buffer is measured without depending on transport internals.
 */
export interface LiveTransport {
  /** The event's frame for this transport; the same (cached) Buffer for every client of the entry. */
  eventFrame(entry: LiveEntry): Frame;
  resetFrame(reason: string): string;
  write(frame: Frame, done: () => void): void;
  heartbeat(): void;
  close(reason: CloseReason): void;
}
