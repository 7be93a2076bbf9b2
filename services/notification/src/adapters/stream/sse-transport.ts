import type { ServerResponse } from 'node:http';
import type { CloseReason, LiveEntry, LiveTransport } from './live-transport';

/** Server-Sent Events framing over one HTTP response. */
export class SseTransport implements LiveTransport {
  constructor(private readonly res: ServerResponse) {}

  eventFrame({ event, json }: LiveEntry): string {
    // JSON.stringify never emits raw newlines, so the envelope fits on one `data:` line.
    return `id: ${event.id}\nevent: ${event.type}\ndata: ${json}\n\n`;
  }

  resetFrame(reason: string): string {
    return `event: reset\ndata: ${JSON.stringify({ reason })}\n\n`;
  }

  write(frame: string, done: () => void): void {
    this.res.write(frame, () => done());
  }

  heartbeat(): void {
    this.res.write(': ping\n\n');
  }

  close(reason: CloseReason): void {
    // A slow or dead peer would never read a graceful end; only a shutdown ends the response politely.
    if (reason === 'shutdown') this.res.end();
    else this.res.destroy();
  }
}
