import type { WebSocket } from 'ws';
import type { CloseReason, Frame, LiveEntry, LiveTransport } from './live-transport';

// Frames are text (JSON) even when handed over as a Buffer.
const TEXT = { binary: false } as const;

/** JSON message framing over one WebSocket; pings double as dead-peer detection. */
export class WsTransport implements LiveTransport {
  private awaitingPong = false;
  /** Set by the connection handler: what to do when a ping went unanswered for a whole interval. */
  onDeadPeer: () => void = () => this.close('dead-peer');

  constructor(private readonly ws: WebSocket) {
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
  }

  eventFrame(entry: LiveEntry): Buffer {
    const frames = (entry.frames ??= {});
    return (frames.ws ??= Buffer.from(`{"type":"event","id":${JSON.stringify(entry.event.id)},"event":${entry.json}}`));
  }

  resetFrame(reason: string): string {
    return JSON.stringify({ type: 'reset', reason });
  }

  write(frame: Frame, done: () => void): void {
    // ws sends a Buffer as is (no copy: the server does not mask), so clients share the frame.
    this.ws.send(frame, TEXT, done);
  }

  heartbeat(): void {
    if (this.awaitingPong) return this.onDeadPeer();
    this.awaitingPong = true;
    this.ws.ping();
  }

  close(reason: CloseReason): void {
    // A slow or dead peer cannot complete a close handshake; only shutdown closes politely (1001 going away).
    if (reason === 'shutdown') this.ws.close(1001, 'server shutting down');
    else this.ws.terminate();
  }
}
