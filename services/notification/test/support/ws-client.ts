import WebSocket from 'ws';

/** A WebSocket test client that records every JSON message it receives. */
export class WsClient {
  readonly messages: Array<{ type: string; [key: string]: unknown }> = [];

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.messages.push(JSON.parse(String(data)) as { type: string }));
  }

  static open(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once('open', () => resolve(new WsClient(socket)));
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused with ${res.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  events(): Array<{ id: string; event: { id: string; tenantId: string; type: string; data: { niche: string } } }> {
    return this.messages.filter((m) => m.type === 'event') as never;
  }

  eventIds(): string[] {
    return this.events().map((m) => m.id);
  }

  of(type: string): Array<{ type: string; [key: string]: unknown }> {
    return this.messages.filter((m) => m.type === type);
  }

  close(): void {
    this.socket.terminate();
  }
}
