import http from 'node:http';

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
}

/** A minimal SSE reader over a real HTTP connection, recording frames and comments as they arrive. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  readonly comments: string[] = [];
  status: number | undefined;
  closed = false;
  private request: http.ClientRequest | undefined;

  static open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
        client.status = res.statusCode;
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            client.parse(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        });
        res.on('close', () => {
          client.closed = true;
        });
        resolve(client);
      });
      request.on('error', (error) => {
        client.closed = true;
        reject(error);
      });
      client.request = request;
    });
  }

  events(): SseFrame[] {
    return this.frames.filter((frame) => frame.event !== undefined && frame.event !== 'reset');
  }

  eventIds(): string[] {
    return this.events().map((frame) => frame.id!);
  }

  close(): void {
    this.request?.destroy();
  }

  private parse(block: string): void {
    const frame: SseFrame = {};
    let hasField = false;
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) {
        this.comments.push(line.slice(1).trim());
        continue;
      }
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id' || field === 'event' || field === 'data') {
        frame[field] = value;
        hasField = true;
      }
    }
    if (hasField) this.frames.push(frame);
  }
}
