import type { Duplex } from 'node:stream';
import { WebSocket } from 'ws';
import type { CloseReason, Frame, LiveEntry, LiveTransport } from './live-transport';
import { TurnCork } from './turn-cork';

// A server's text frame: final, opcode 1 (text), unmasked (only clients mask), no compression.
const TEXT_FRAME = { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false } as const;
// ws's frame encoder (lib/sender.js, exported as WebSocket.Sender); @types/ws does not declare it.
const { Sender } = WebSocket as unknown as { Sender: { frame(data: Buffer, options: typeof TEXT_FRAME): Buffer[] } };

/**
 * JSON message framing over one WebSocket; pings double as dead-peer detection.
 *
 * Event frames are prepared once per event (WebSocket header and payload in one Buffer, shared by
 * every client of the tenant) and written straight to the connection's socket: per client that is
 * one socket write, where `ws.send` would build a header and hand two buffers to the socket each
 * time. That is safe because the server runs without permessage-deflate (ws then writes each of its
 * own frames — pings, control messages, close — to the socket whole and in call order) and no event
 * frame is written once the WebSocket left the OPEN state.
 *
 * Writes within one turn of the event loop are corked together (TurnCork).
 */
export class WsTransport implements LiveTransport {
  private awaitingPong = false;
  private readonly cork: TurnCork;
  /** Set by the connection handler: what to do when a ping went unanswered for a whole interval. */
  onDeadPeer: () => void = () => this.close('dead-peer');

  constructor(private readonly ws: WebSocket, private readonly socket: Duplex) {
    this.cork = new TurnCork(socket);
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
  }

  eventFrame(entry: LiveEntry): Buffer {
    const frames = (entry.frames ??= {});
    return (frames.ws ??= prepareTextFrame(`{"type":"event","id":${JSON.stringify(entry.event.id)},"event":${entry.json}}`));
  }

  resetFrame(reason: string): string {
    return JSON.stringify({ type: 'reset', reason });
  }

  /** A Buffer is a prepared event frame (eventFrame); a string is a message ws frames itself. */
  write(frame: Frame, done: () => void): void {
    if (typeof frame === 'string') return this.ws.send(frame, done);
    if (this.ws.readyState !== WebSocket.OPEN) return done();
    this.cork.hold();
    this.socket.write(frame, () => done());
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

/** `payload` as one complete server-to-client text frame (header + UTF-8 bytes). */
function prepareTextFrame(payload: string): Buffer {
  return Buffer.concat(Sender.frame(Buffer.from(payload), TEXT_FRAME));
}
