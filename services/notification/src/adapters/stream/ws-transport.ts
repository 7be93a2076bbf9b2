import type { WebSocket } from 'ws';
import type { CloseReason, LiveEntry, LiveTransport } from './live-transport';

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

  eventFrame({ event, json }: LiveEntry): string {
    return `{"type":"event","id":${JSON.stringify(event.id)},"event":${json}}`;
  }

  resetFrame(reason: string): string {
    return JSON.stringify({ type: 'reset', reason });
  }

  write(frame: string, done: () => void): void {
    this.ws.send(frame, () => done());
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
