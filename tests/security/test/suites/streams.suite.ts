import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { LiveSocket, SseStream, fixtureItems, holdsFor, rssFeed, type GatewayClient, type LiveEnvelope } from '@pulse/e2e';
import { waitFor } from '@pulse/testing';
import { problem, problemOf, rawRequest, type SecuritySystem } from '../../src';

const ARTICLES = 3;

async function ticketOf(api: GatewayClient): Promise<string> {
  const { ticket } = await api.expect(201, 'POST', '/api/v1/stream/tickets');
  return ticket as string;
}

/** The status a WebSocket upgrade is refused with (or 101 when it is accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => { socket.terminate(); resolve(101); });
    socket.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); });
    socket.once('error', reject);
  });
}

/**
 * Live streams carry one tenant's events only: a second tenant's SSE and WebSocket, open while the
 * owner's articles are summarized, get nothing; resuming from the owner's event id gives a reset,
 * not a replay; tickets are single use and a stream without credentials is refused.
 */
export function streamIsolationSuite(system: () => SecuritySystem): void {
  describe('tenant isolation on the SSE and WebSocket streams', () => {
    const owner = `stream-owner-${randomUUID()}`;
    let ownerApi: GatewayClient;
    let attackerApi: GatewayClient;
    let ownerSse: SseStream;
    let attackerSse: SseStream;
    let attackerSocket: LiveSocket;
    let ownerEvents: LiveEnvelope[];
    const gateway = () => system().gatewayUrl;
    const wsBase = () => gateway().replace(/^http/, 'ws');

    beforeAll(async () => {
      ownerApi = system().client(owner);
      attackerApi = system().client();
      ownerSse = await SseStream.open(`${gateway()}/api/v1/stream?ticket=${await ticketOf(ownerApi)}`);
      attackerSse = await SseStream.open(`${gateway()}/api/v1/stream?ticket=${await ticketOf(attackerApi)}`);
      attackerSocket = await LiveSocket.open(`${wsBase()}/ws?ticket=${await ticketOf(attackerApi)}`);
      // Dedupe is per tenant: the owner gets the same three stories as the victim, as new articles.
      const feedPath = `/feeds/${owner}.xml`;
      system().outside.serve(feedPath, rssFeed('Stream owner feed', system().outside.url, fixtureItems(system().outside.url)));
      const source = await ownerApi.expect(201, 'POST', '/api/v1/sources', { body: { url: `${system().outside.url}${feedPath}`, niche: 'technology' } });
      await ownerApi.expect(200, 'POST', `/api/v1/sources/${source.id}/refresh`);
      ownerEvents = await waitFor(
        () => (ownerSse.events('article.summarized').length >= ARTICLES ? ownerSse.events() : undefined),
        { timeoutMs: 120_000, what: "the owner's 3 live summaries" },
      );
    }, 180_000);

    afterAll(() => {
      for (const client of [ownerSse, attackerSse, attackerSocket]) client?.close();
    });

    it("delivers the owner's events to the owner only", () => {
      expect(ownerEvents.every((event) => event.tenantId === owner)).toBe(true);
      expect(attackerSse.frames.filter((frame) => frame.event !== undefined)).toEqual([]);
      expect(attackerSocket.events()).toEqual([]);
    });

    it("answers a resume from the owner's event id with a reset, not a replay (SSE and WebSocket)", async () => {
      const ownerEventId = ownerEvents[0]!.id;
      const sse = await SseStream.open(`${gateway()}/api/v1/stream?ticket=${await ticketOf(attackerApi)}&lastEventId=${ownerEventId}`);
      const socket = await LiveSocket.open(`${wsBase()}/ws?ticket=${await ticketOf(attackerApi)}`);
      try {
        await waitFor(() => sse.frames.some((frame) => frame.event === 'reset'), { timeoutMs: 10_000, what: 'an SSE reset' });
        (socket as unknown as { socket: WebSocket }).socket.send(JSON.stringify({ type: 'resume', lastEventId: ownerEventId }));
        await waitFor(() => socket.messages.some((message) => message.type === 'reset'), { timeoutMs: 10_000, what: 'a WebSocket reset' });
        await holdsFor(() => sse.events().length === 0 && socket.events().length === 0, { durationMs: 1_000, what: 'no replayed event' });
      } finally {
        sse.close();
        socket.close();
      }
    });

    it('redeems a ticket once: the second use and a made-up ticket answer 401', async () => {
      const ticket = await ticketOf(attackerApi);
      const first = await SseStream.open(`${gateway()}/api/v1/stream?ticket=${ticket}`);
      first.close();
      const again = await rawRequest(`${gateway()}/api/v1/stream?ticket=${ticket}`, { headers: { accept: 'text/event-stream' } });
      expect(problemOf(again)).toEqual(problem(401, 'unauthorized'));
      const forged = await rawRequest(`${gateway()}/api/v1/stream?ticket=${randomUUID()}`, { headers: { accept: 'text/event-stream' } });
      expect(problemOf(forged)).toEqual(problem(401, 'unauthorized'));
      expect(await upgradeStatus(`${wsBase()}/ws?ticket=${ticket}`)).toBe(401);
    });

    it('refuses a WebSocket without credentials, with a forged token, or with a token lacking stream:read', async () => {
      expect(await upgradeStatus(`${wsBase()}/ws`)).toBe(401);
      expect(await upgradeStatus(`${wsBase()}/ws?ticket=${encodeURIComponent("' OR 1=1 --")}`)).toBe(401);
      const noScope = system().token(`no-scope-${randomUUID()}`, ['news:read']);
      const status = await new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${wsBase()}/ws`, { headers: { authorization: `Bearer ${noScope}` } });
        socket.once('open', () => { socket.terminate(); resolve(101); });
        socket.once('unexpected-response', (_req, res) => { res.resume(); resolve(res.statusCode ?? 0); });
        socket.once('error', reject);
      });
      expect(status).toBe(403);
    });
  });
}
