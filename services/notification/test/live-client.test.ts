import { LiveClient, type ClientBufferLimits } from '../src/adapters/stream/live-client';
import type { CloseReason, LiveEntry, LiveTransport } from '../src/adapters/stream/live-transport';
import { liveEvent } from './support/events';

/** A transport double whose writes complete only when the test flushes them (a client that stops reading). */
class ManualTransport implements LiveTransport {
  readonly written: string[] = [];
  readonly pending: Array<() => void> = [];
  closedWith: CloseReason | undefined;
  eventFrame(entry: LiveEntry): string {
    return `event:${entry.event.id}`;
  }
  resetFrame(reason: string): string {
    return `reset:${reason}`;
  }
  write(frame: string, done: () => void): void {
    this.written.push(frame);
    this.pending.push(done);
  }
  heartbeat(): void {}
  close(reason: CloseReason): void {
    this.closedWith = reason;
  }
  flush(): void {
    for (const done of this.pending.splice(0)) done();
  }
}

const principal = { sub: 'u', tenantId: 'acme', scopes: [] };
const limits: ClientBufferLimits = { maxEvents: 3, maxBytes: 10_000, drainTimeoutMs: 1000 };
let seq = 0;
const entry = (overrides: Parameters<typeof liveEvent>[0] = {}): LiveEntry => {
  const event = liveEvent(overrides);
  seq += 1;
  return { streamId: `1000-${seq}`, event, json: JSON.stringify(event) };
};
const makeClient = (transport: LiveTransport, onClosed = jest.fn(), bounds = limits) => {
  const client = new LiveClient(principal, { niches: [], events: [] }, transport, bounds, onClosed);
  client.resume();
  return client;
};

describe('a live client', () => {
  it('closes itself as a slow consumer when more than maxEvents frames are unflushed', () => {
    const transport = new ManualTransport();
    const onClosed = jest.fn();
    const client = makeClient(transport, onClosed);
    for (let i = 0; i < 3; i += 1) client.deliver(entry());
    expect(transport.closedWith).toBeUndefined();
    client.deliver(entry());
    expect(transport.closedWith).toBe('slow-consumer');
    expect(onClosed).toHaveBeenCalledWith(client, 'slow-consumer');
    expect(transport.written).toHaveLength(3);
  });

  it('closes on the byte bound too', () => {
    const transport = new ManualTransport();
    const client = makeClient(transport, jest.fn(), { maxEvents: 100, maxBytes: 100, drainTimeoutMs: 1000 });
    client.deliver(entry());
    client.deliver(entry());
    expect(transport.written).toHaveLength(2);
    client.deliver(entry()); // three frames of ~42 bytes exceed 100
    expect(transport.closedWith).toBe('slow-consumer');
  });

  it('keeps going as long as frames are flushed', () => {
    const transport = new ManualTransport();
    const client = makeClient(transport);
    for (let i = 0; i < 20; i += 1) {
      client.deliver(entry());
      transport.flush();
    }
    expect(transport.closedWith).toBeUndefined();
    expect(transport.written).toHaveLength(20);
  });

  it('never delivers another tenant’s entry or one it already had', () => {
    const transport = new ManualTransport();
    const client = makeClient(transport);
    const mine = entry();
    client.deliver(entry({ tenantId: 'beta' }));
    client.deliver(mine);
    client.deliver(mine);
    expect(transport.written).toEqual([`event:${mine.event.id}`]);
  });

  it('queues live entries during a replay and sends them after it, in order, without duplicates', async () => {
    const transport = new ManualTransport();
    const client = new LiveClient(principal, { niches: [], events: [] }, transport, { ...limits, maxEvents: 10 }, jest.fn());
    const [r1, r2, live] = [entry(), entry(), entry()];
    client.deliver(live); // arrives while replaying
    client.deliver(r2); // the same entry also arrives live
    await client.replay([r1, r2]);
    client.resume();
    expect(transport.written).toEqual([r1, r2, live].map((e) => `event:${e.event.id}`));
  });
});
