import type { LiveMessage } from '../../domain/live-event';

/** One event as the hub hands it to clients: the envelope, its JSON (serialized once) and its stream id. */
export interface LiveEntry {
  streamId: string;
  event: LiveMessage;
  json: string;
}

/** Why a connection was closed by the server. */
export type CloseReason = 'slow-consumer' | 'dead-peer' | 'shutdown';

/**
 * What the hub needs from a connection (SSE response or WebSocket). Frames are strings formatted by
 * the transport; `write` calls `done` once the frame left our buffers, which is how the client's
 * buffer is measured without depending on transport internals.
 */
export interface LiveTransport {
  eventFrame(entry: LiveEntry): string;
  resetFrame(reason: string): string;
  write(frame: string, done: () => void): void;
  heartbeat(): void;
  close(reason: CloseReason): void;
}
