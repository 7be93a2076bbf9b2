import http from 'node:http';
import WebSocket from 'ws';

/** The part of a live event the test looks at (the whole CloudEvents envelope is delivered). */
export interface LiveEnvelope {
  id: string;
  type: string;
  tenantId: string;
  data: Record<string, unknown>;
}

interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/** An EventSource-like reader over a real HTTP connection: keeps every event frame it gets. */
export class SseStream {
  readonly frames: SseFrame[] = [];
  private request: http.ClientRequest | undefined;

  /** Opens the stream and resolves once the response headers arrived (status 200 required). */
  static open(url: string): Promise<SseStream> {
    const stream = new SseStream();
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`SSE stream ${url} answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            stream.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        resolve(stream);
      });
      request.on('error', reject);
      stream.request = request;
    });
  }

  /** Envelopes of the event frames of one type (all types without one). */
  events(type?: string): LiveEnvelope[] {
    return this.frames
      .filter((frame) => frame.event !== undefined && frame.event !== 'reset' && frame.data !== undefined)
      .filter((frame) => type === undefined || frame.event === type)
      .map((frame) => JSON.parse(frame.data!) as LiveEnvelope);
  }

  close(): void {
    this.request?.destroy();
  }

  private parse(block: string): void {
    const frame: SseFrame = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' || field === 'event') frame[field] = value;
      // Multi-line data joins with newlines, as EventSource does.
      else if (field === 'data') frame.data = frame.data === undefined ? value : `${frame.data}\n${value}`;
    }
    if (frame.event !== undefined || frame.data !== undefined) this.frames.push(frame);
  }
}

/** A WebSocket client speaking the live protocol: subscribe, then `{type:"event"}` messages. */
export class LiveSocket {
  readonly messages: Array<{ type: string; [key: string]: unknown }> = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as { type: string }));
  }

  /** Connects and subscribes to everything; resolves once the server confirmed the subscription. */
  static async open(url: string): Promise<LiveSocket> {
    const socket = await new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => reject(new Error(`WebSocket upgrade refused with ${res.statusCode}`)));
      ws.once('error', reject);
    });
    const live = new LiveSocket(socket);
    const subscribed = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no "subscribed" answer on the WebSocket')), 10_000);
      const onMessage = (data: WebSocket.RawData) => {
        if ((JSON.parse(String(data)) as { type?: string }).type !== 'subscribed') return;
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve();
      };
      socket.on('message', onMessage);
    });
    socket.send(JSON.stringify({ type: 'subscribe' }));
    await subscribed;
    return live;
  }

  events(type?: string): LiveEnvelope[] {
    return this.messages
      .filter((message) => message.type === 'event')
      .map((message) => message.event as LiveEnvelope)
      .filter((event) => type === undefined || event.type === type);
  }

  close(): void {
    this.socket.terminate();
  }
}
