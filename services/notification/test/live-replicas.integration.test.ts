import { infraEnv, TcpProxy, uniqueName, waitFor } from '@pulse/testing';
import { liveEvent } from './support/events';
import { SseClient } from './support/sse-client';
import { startStreamServer, type StreamServer } from './support/stream-server';
import { WsClient } from './support/ws-client';

describe('live push across replicas', () => {
  const servers: StreamServer[] = [];
  const cleanups: Array<() => void | Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
    for (const server of servers.splice(0)) await server.close();
  });

  it('delivers an event published on one replica to clients of both', async () => {
    const prefix = uniqueName('test-live');
    const one = await startStreamServer(infraEnv().redisUrl, prefix);
    const two = await startStreamServer(infraEnv().redisUrl, prefix);
    servers.push(one, two);
    const onOne = await SseClient.open(`${one.url}/v1/stream`, { authorization: 'Bearer token-acme' });
    const onTwo = await WsClient.open(two.wsUrl, { authorization: 'Bearer token-acme' });
    cleanups.push(() => onOne.close(), () => onTwo.close());
    onTwo.send({ type: 'subscribe' });
    await waitFor(() => onTwo.of('subscribed').length === 1 && one.hub.stats().clients === 1, { what: 'clients on both replicas' });

    const event = liveEvent();
    await one.hub.publish(event);
    await waitFor(() => onOne.events().length === 1 && onTwo.events().length === 1, { what: 'the event on both replicas' });
    expect(onOne.eventIds()).toEqual([event.id]);
    expect(onTwo.eventIds()).toEqual([event.id]);
  });

  it('pushes a redelivered event (same id) only once', async () => {
    const server = await startStreamServer(infraEnv().redisUrl);
    servers.push(server);
    const client = await SseClient.open(`${server.url}/v1/stream`, { authorization: 'Bearer token-acme' });
    cleanups.push(() => client.close());
    await waitFor(() => server.hub.stats().clients === 1, { what: 'client connected' });
    const event = liveEvent();
    expect((await server.hub.publish(event)).duplicate).toBe(false);
    expect((await server.hub.publish(event)).duplicate).toBe(true);
    const marker = liveEvent();
    await server.hub.publish(marker);
    await waitFor(() => client.events().length >= 2, { what: 'event and marker' });
    expect(client.eventIds()).toEqual([event.id, marker.id]);
  });

  it('catches up from the stream what pub/sub lost while its connection was down', async () => {
    const prefix = uniqueName('test-live');
    const redisUrl = new URL(infraEnv().redisUrl);
    const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
    const proxyPort = await proxy.start();
    cleanups.push(() => proxy.stop());
    const publisher = await startStreamServer(infraEnv().redisUrl, prefix);
    // The replica under test reaches Redis through the proxy so its connections alone can be cut.
    const viaProxy = new URL(infraEnv().redisUrl);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxyPort);
    const replica = await startStreamServer(viaProxy.toString(), prefix);
    servers.push(replica, publisher);
    const client = await SseClient.open(`${replica.url}/v1/stream`, { authorization: 'Bearer token-acme' });
    cleanups.push(() => client.close());
    await waitFor(() => replica.hub.stats().clients === 1, { what: 'client connected' });
    const before = liveEvent();
    await publisher.hub.publish(before);
    await waitFor(() => client.events().length === 1, { what: 'the first event' });

    await proxy.cut();
    const during = [liveEvent(), liveEvent()];
    for (const event of during) await publisher.hub.publish(event);
    await proxy.restore();

    await waitFor(() => client.events().length >= 3, { what: 'the events published during the outage', timeoutMs: 30_000 });
    const after = liveEvent();
    await publisher.hub.publish(after);
    await waitFor(() => client.events().length >= 4, { what: 'a live event after the catch-up' });
    expect(client.eventIds()).toEqual([before.id, ...during.map((e) => e.id), after.id]);
  });
});
