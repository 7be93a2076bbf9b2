import type { ServerResponse } from 'node:http';
import type { CloseReason, Frame, LiveEntry, LiveTransport } from './live-transport';
import { TurnCork } from './turn-cork';

/** Server-Sent Events framing over one HTTP response; writes within one event-loop turn are corked together (TurnCork). */
export class SseTransport implements LiveTransport {
  private readonly cork: TurnCork;

  constructor(private readonly res: ServerResponse) {
    this.cork = new TurnCork(res);
  }

  eventFrame(entry: LiveEntry): Buffer {
    const frames = (entry.frames ??= {});
    // JSON.stringify never emits raw newlines, so the envelope fits on one `data:` line.
    return (frames.sse ??= Buffer.from(`id: ${entry.event.id}\nevent: ${entry.event.type}\ndata: ${entry.json}\n\n`));
  }

  resetFrame(reason: string): string {
    return `event: reset\ndata: ${JSON.stringify({ reason })}\n\n`;
  }

  write(frame: Frame, done: () => void): void {
    this.cork.hold();
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
