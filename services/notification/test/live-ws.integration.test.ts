import { infraEnv, waitFor } from '@pulse/testing';
import { liveEvent } from './support/events';
import { startStreamServer, type StreamServer } from './support/stream-server';
import { WsClient } from './support/ws-client';

describe('live push over WebSocket', () => {
  let server: StreamServer;
  const clients: WsClient[] = [];
  const open = async (query = '', headers: Record<string, string> = {}) => {
    const client = await WsClient.open(`${server.wsUrl}${query}`, headers);
    clients.push(client);
    return client;
  };
  const subscribed = async (client: WsClient, message: Record<string, unknown> = {}) => {
    const before = client.of('subscribed').length;
    client.send({ type: 'subscribe', ...message });
    await waitFor(() => client.of('subscribed').length > before, { what: 'the subscribe ack' });
  };

  beforeEach(async () => {
    server = await startStreamServer(infraEnv().redisUrl);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server.close();
  });

  it('never sends tenant A’s events to tenant B', async () => {
    const a = await open('', { authorization: 'Bearer token-acme' });
    const b = await open('', { authorization: 'Bearer token-beta' });
    await subscribed(a);
    await subscribed(b);

    const forAcme = [liveEvent(), liveEvent({ type: 'post.published' })];
    for (const event of forAcme) await server.hub.publish(event);
    const forBeta = liveEvent({ tenantId: 'beta' });
    await server.hub.publish(forBeta);

    await waitFor(() => a.events().length === 2 && b.events().length === 1, { what: 'each tenant’s events' });
    expect(a.eventIds()).toEqual(forAcme.map((e) => e.id));
    expect(b.eventIds()).toEqual([forBeta.id]);
    expect(b.events().every((m) => m.event.tenantId === 'beta')).toBe(true);
  });

  it('delivers events published together as whole frames, in order, at every frame length', async () => {
    const client = await open('', { authorization: 'Bearer token-acme' });
    await subscribed(client);
    // One Redis round trip: the frames reach the socket in one turn (corked into one write). Titles
    // make the payload need each header form (7-bit, 16-bit and 64-bit length) and multi-byte UTF-8.
    const events = [liveEvent(), liveEvent({ padding: 70_000 }), liveEvent({ type: 'post.published' }), liveEvent({ padding: 200 })];
    (events[2]!.data as { title?: string }).title = 'Ünïcödé 新闻 🚀 خبر';
    await server.hub.publishMany(events);
    await waitFor(() => client.events().length === events.length, { what: 'every event of the batch' });
    expect(client.eventIds()).toEqual(events.map((e) => e.id));
    expect(client.events().map((m) => m.event)).toEqual(events);
  });

  it('refuses an upgrade without a valid token with 401', async () => {
    await expect(WsClient.open(server.wsUrl)).rejects.toThrow('401');
    await expect(WsClient.open(server.wsUrl, { authorization: 'Bearer forged' })).rejects.toThrow('401');
  });

  it('accepts a ticket from POST /v1/stream/tickets once', async () => {
    const response = await fetch(`${server.url}/v1/stream/tickets`, { method: 'POST', headers: { authorization: 'Bearer token-beta' } });
    expect(response.status).toBe(201);
    const { ticket, expiresIn } = (await response.json()) as { ticket: string; expiresIn: number };
    expect(expiresIn).toBe(30);

    const browser = await open(`?ticket=${encodeURIComponent(ticket)}`);
    await subscribed(browser);
    const event = liveEvent({ tenantId: 'beta' });
    await server.hub.publish(event);
    await waitFor(() => browser.events().length === 1, { what: 'the event via ticket auth' });

    await expect(WsClient.open(`${server.wsUrl}?ticket=${encodeURIComponent(ticket)}`)).rejects.toThrow('401');
  });

  it('filters by niche and event type from the subscribe message', async () => {
    const client = await open('', { authorization: 'Bearer token-acme' });
    await subscribed(client, { niches: ['sports'], events: ['post.published'] });
    const wanted = liveEvent({ niche: 'sports', type: 'post.published' });
    await server.hub.publish(liveEvent({ niche: 'sports', type: 'article.summarized' }));
    await server.hub.publish(liveEvent({ niche: 'politics', type: 'post.published' }));
    await server.hub.publish(wanted);
    await waitFor(() => client.events().length >= 1, { what: 'the matching event' });
    // A marker published last on an all-events client proves the others had their chance to arrive.
    const watcher = await open('', { authorization: 'Bearer token-acme' });
    await subscribed(watcher);
    const marker = liveEvent({ niche: 'sports', type: 'post.published' });
    await server.hub.publish(marker);
    await waitFor(() => client.events().length >= 2, { what: 'the marker' });
    expect(client.eventIds()).toEqual([wanted.id, marker.id]);
  });

  it('answers an invalid message with an error and keeps the connection', async () => {
    const client = await open('', { authorization: 'Bearer token-acme' });
    client.send({ type: 'subscribe', events: ['news.fetched'] });
    await waitFor(() => client.of('error').length === 1, { what: 'an error message' });
    expect(String(client.of('error')[0]!.message)).toContain('unknown event type');
    await subscribed(client);
  });

  it('replays missed events on a resume message', async () => {
    const first = await open('', { authorization: 'Bearer token-acme' });
    await subscribed(first);
    const seen = liveEvent();
    await server.hub.publish(seen);
    await waitFor(() => first.events().length === 1, { what: 'the first event' });
    first.close();

    const missed = [liveEvent(), liveEvent()];
    for (const event of missed) await server.hub.publish(event);
    const again = await open('', { authorization: 'Bearer token-acme' });
    again.send({ type: 'resume', lastEventId: seen.id });
    await waitFor(() => again.events().length >= 2, { what: 'the missed events' });
    expect(again.eventIds()).toEqual(missed.map((e) => e.id));
  });

  it('sends a reset when the resume id is outside the window', async () => {
    const client = await open('', { authorization: 'Bearer token-acme' });
    client.send({ type: 'resume', lastEventId: 'gone-long-ago' });
    await waitFor(() => client.of('reset').length === 1, { what: 'a reset' });
  });

  it('pings connected clients', async () => {
    await server.close();
    server = await startStreamServer(infraEnv().redisUrl, undefined, { heartbeatMs: 50 });
    const client = await open('', { authorization: 'Bearer token-acme' });
    await subscribed(client);
    let pings = 0;
    client.socket.on('ping', () => (pings += 1));
    await waitFor(() => pings >= 2, { what: 'two pings' });
  });
});
