import net from 'node:net';
import { infraEnv, uniqueName, waitFor } from '@pulse/testing';
import { liveEvent } from './support/events';
import { SseClient } from './support/sse-client';
import { startStreamServer, type StreamServer } from './support/stream-server';

const acme = { authorization: 'Bearer token-acme' };
const beta = { authorization: 'Bearer token-beta' };

describe('live push over SSE', () => {
  let server: StreamServer;
  const clients: SseClient[] = [];
  const open = async (path: string, headers: Record<string, string>) => {
    const client = await SseClient.open(`${server.url}${path}`, headers);
    clients.push(client);
    return client;
  };

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.close();
  });

  it('delivers a tenant’s events only to that tenant’s clients', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const a = await open('/v1/stream', acme);
    const b = await open('/v1/stream', beta);
    await waitFor(() => server.hub.stats().clients === 2, { what: 'both clients connected' });

    const forAcme = liveEvent({ tenantId: 'acme' });
    const forBeta = liveEvent({ tenantId: 'beta' });
    await server.hub.publish(forAcme);
    await server.hub.publish(forBeta);

    await waitFor(() => a.events().length === 1 && b.events().length === 1, { what: 'one event each' });
    expect(a.eventIds()).toEqual([forAcme.id]);
    expect(b.eventIds()).toEqual([forBeta.id]);
    expect(JSON.parse(a.events()[0]!.data!)).toMatchObject({ id: forAcme.id, tenantId: 'acme', type: 'article.summarized' });
    expect(a.events()[0]!.event).toBe('article.summarized');
  });

  it('refuses a request without a principal with 401', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const anonymous = await open('/v1/stream', {});
    expect(anonymous.status).toBe(401);
  });

  it('applies niche and event-type filters', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const sportsPosts = await open('/v1/stream?niches=sports&events=post.published', acme);
    const everything = await open('/v1/stream', acme);
    await waitFor(() => server.hub.stats().clients === 2, { what: 'clients connected' });

    const published = [
      liveEvent({ niche: 'sports', type: 'post.published' }),
      liveEvent({ niche: 'sports', type: 'article.summarized' }),
      liveEvent({ niche: 'technology', type: 'post.published' }),
    ];
    for (const event of published) await server.hub.publish(event);

    await waitFor(() => everything.events().length === 3, { what: 'all three events' });
    await waitFor(() => sportsPosts.events().length >= 1, { what: 'the matching event' });
    expect(sportsPosts.eventIds()).toEqual([published[0]!.id]);
  });

  it('answers 400 for an unknown event type in the filter', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const client = await open('/v1/stream?events=news.fetched', acme);
    expect(client.status).toBe(400);
  });

  it('sends heartbeat comments on the interval', async () => {
    server = await startStreamServer(infraEnv().redisUrl, uniqueName('test-live'), { heartbeatMs: 50 });
    const client = await open('/v1/stream', acme);
    await waitFor(() => client.comments.filter((c) => c === 'ping').length >= 2, { what: 'two pings' });
  });

  it('replays exactly the missed events after Last-Event-ID', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const first = await open('/v1/stream', acme);
    await waitFor(() => server.hub.stats().clients === 1, { what: 'client connected' });
    const seen = [liveEvent(), liveEvent()];
    for (const event of seen) await server.hub.publish(event);
    await waitFor(() => first.events().length === 2, { what: 'the first two events' });
    first.close();
    await waitFor(() => server.hub.stats().clients === 0, { what: 'the client gone' });

    const missed = [liveEvent(), liveEvent({ type: 'post.published' }), liveEvent()];
    for (const event of missed) await server.hub.publish(event);
    await server.hub.publish(liveEvent({ tenantId: 'beta' }));

    const resumed = await open('/v1/stream', { ...acme, 'last-event-id': seen[1]!.id });
    await waitFor(() => resumed.events().length >= 3, { what: 'the missed events' });
    const after = liveEvent();
    await server.hub.publish(after);
    await waitFor(() => resumed.events().length >= 4, { what: 'a live event after the replay' });
    expect(resumed.eventIds()).toEqual([...missed.map((e) => e.id), after.id]);
    expect(resumed.frames.some((frame) => frame.event === 'reset')).toBe(false);
  });

  it('accepts lastEventId in the query as well', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const events = [liveEvent(), liveEvent()];
    for (const event of events) await server.hub.publish(event);
    const resumed = await open(`/v1/stream?lastEventId=${events[0]!.id}`, acme);
    await waitFor(() => resumed.events().length >= 1, { what: 'the replayed event' });
    expect(resumed.eventIds()).toEqual([events[1]!.id]);
  });

  it('tells a client whose Last-Event-ID fell out of the window to reset', async () => {
    server = await startStreamServer(infraEnv().redisUrl, uniqueName('test-live'), { window: { maxEvents: 5, ttlSeconds: 60 } });
    const old = liveEvent();
    await server.hub.publish(old);
    // MAXLEN ~ trims whole radix-tree nodes (100 entries by default), so push well past it.
    for (let i = 0; i < 250; i += 1) await server.hub.publish(liveEvent());

    const resumed = await open('/v1/stream', { ...acme, 'last-event-id': old.id });
    await waitFor(() => resumed.frames.length >= 1, { what: 'the reset frame' });
    expect(resumed.frames[0]).toMatchObject({ event: 'reset' });
    expect(resumed.events()).toEqual([]);

    const unknown = await open('/v1/stream', { ...acme, 'last-event-id': 'never-published' });
    await waitFor(() => unknown.frames.length >= 1, { what: 'the reset frame for an unknown id' });
    expect(unknown.frames[0]).toMatchObject({ event: 'reset' });
  });

  it('does not replay another tenant’s events when resuming with their event id', async () => {
    server = await startStreamServer(infraEnv().redisUrl);
    const betaEvent = liveEvent({ tenantId: 'beta' });
    await server.hub.publish(betaEvent);
    await server.hub.publish(liveEvent({ tenantId: 'beta' }));
    const intruder = await open('/v1/stream', { ...acme, 'last-event-id': betaEvent.id });
    await waitFor(() => intruder.frames.length >= 1, { what: 'a reset' });
    expect(intruder.frames.map((f) => f.event)).toEqual(['reset']);
  });

  it('drops a client that stops reading while a fast client keeps receiving everything', async () => {
    server = await startStreamServer(infraEnv().redisUrl, uniqueName('test-live'), {
      clientBuffer: { maxEvents: 50, maxBytes: 256 * 1024 },
    });
    const fast = await open('/v1/stream', acme);
    const port = Number(new URL(server.url).port);
    const slow = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', () => resolve()));
    slow.write('GET /v1/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer token-acme\r\n\r\n');
    slow.pause(); // never reads: kernel buffers fill, then the hub's buffer
    await waitFor(() => server.hub.stats().clients === 2, { what: 'both clients connected' });

    const published: string[] = [];
    await waitFor(
      async () => {
        for (let i = 0; i < 20; i += 1) {
          const event = liveEvent({ padding: 16 * 1024 });
          await server.hub.publish(event);
          published.push(event.id);
        }
        return server.hub.stats().closedSlow === 1;
      },
      { what: 'the slow client dropped', timeoutMs: 45_000, intervalMs: 1 },
    );
    await waitFor(() => fast.events().length === published.length, { what: 'the fast client got every event', timeoutMs: 30_000 });
    expect(fast.eventIds()).toEqual(published);
    expect(fast.closed).toBe(false);
    expect(server.hub.stats().clients).toBe(1);
    slow.destroy();
  }, 90_000);
});
