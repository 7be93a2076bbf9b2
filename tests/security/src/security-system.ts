import { randomUUID } from 'node:crypto';
import { GatewayClient, OPERATOR_SCOPES, fixtureItems, rssFeed, startPipelineSystem, type PipelineSystem } from '@pulse/e2e';
import { waitFor } from '@pulse/testing';
import { claimsFor, es256Token } from './forged-tokens';
import { startOutsideHost, type OutsideHost } from './outside-hosts';

/** Every scope the public API checks, so one token can reach every route. */
export const ALL_SCOPES = [...OPERATOR_SCOPES, 'llm:write', 'keys:read', 'keys:write'];

/** The only address in the services' SSRF allow-lists: the suite's "public internet". */
export const PUBLIC_HOST = '127.0.0.3';
/** The limit of the llm service (per tenant and route); the other services keep a high one. */
export const LLM_RATE_LIMIT_PER_MINUTE = 20;
const ARTICLES = 3;

/** The victim tenant's resources: one of each kind the public API has. */
export interface VictimData {
  tenantId: string;
  api: GatewayClient;
  sourceId: string;
  sourceUrl: string;
  articleIds: string[];
  channelId: string;
  postIds: string[];
  webhookId: string;
  deliveryId: string;
  apiKeyId: string;
  /** Strings that only the victim's data contains: none may appear in another tenant's answer. */
  markers: string[];
}

export interface SecuritySystem {
  pipeline: PipelineSystem;
  gatewayUrl: string;
  /** 127.0.0.3: allowed by FEED_ALLOWED_HOSTS / WEBHOOK_ALLOWED_HOSTS; serves the feed, takes webhooks, redirects. */
  outside: OutsideHost;
  /** 127.0.0.1: a private address the allow-lists do not cover; nothing may ever reach it. */
  trap: OutsideHost;
  victim: VictimData;
  /** A client of a new tenant (or the given one) holding `scopes` (every scope by default). */
  client(tenantId?: string, scopes?: string[]): GatewayClient;
  /** A valid token signed with the system's key. */
  token(tenantId: string, scopes: string[]): string;
  stop(): Promise<void>;
}

/**
 * The whole pipeline behind the dev gateway (@pulse/e2e), with allow-lists that cover only
 * 127.0.0.3 (loopback 127.0.0.1, where the trap listens, is private again), a low llm rate limit
 * for the burst test, and a victim tenant that owns one of everything: source, articles,
 * summaries, a Mastodon channel with published posts, a webhook with deliveries, an API key.
 */
export async function startSecuritySystem(): Promise<SecuritySystem> {
  const outside = await startOutsideHost(PUBLIC_HOST);
  const trap = await startOutsideHost('127.0.0.1');
  let pipeline: PipelineSystem | undefined;
  try {
    pipeline = await startPipelineSystem({
      env: {
        news: { FEED_ALLOWED_HOSTS: PUBLIC_HOST },
        notification: { WEBHOOK_ALLOWED_HOSTS: PUBLIC_HOST },
        llm: { RATE_LIMIT_PER_MINUTE: String(LLM_RATE_LIMIT_PER_MINUTE) },
      },
    });
    const system = pipeline;
    const token = (tenantId: string, scopes: string[]) => es256Token(claimsFor(tenantId, scopes), system.keys.privateKeyPem);
    const client = (tenantId = `tenant-${randomUUID()}`, scopes = ALL_SCOPES) => new GatewayClient(system.gatewayUrl, token(tenantId, scopes));
    const victim = await seedVictim(system, outside, client);
    return {
      pipeline: system, gatewayUrl: system.gatewayUrl, outside, trap, victim, client, token,
      async stop() {
        await system.stop();
        await Promise.all([outside.close(), trap.close()]);
      },
    };
  } catch (error) {
    await pipeline?.stop();
    await Promise.all([outside.close(), trap.close()]);
    throw error;
  }
}

async function seedVictim(system: PipelineSystem, outside: OutsideHost, client: (tenantId?: string) => GatewayClient): Promise<VictimData> {
  const tenantId = `victim-${randomUUID()}`;
  const api = client(tenantId);
  const feedPath = `/feeds/${tenantId}.xml`;
  const items = fixtureItems(outside.url);
  outside.serve(feedPath, rssFeed('Victim feed', outside.url, items));

  const webhook = await api.expect(201, 'POST', '/api/v1/webhooks', {
    body: { url: `${outside.url}/hooks/${tenantId}`, events: ['article.summarized', 'post.published'] },
  });
  const channel = await api.expect(201, 'POST', '/api/v1/channels', {
    body: { platform: 'mastodon', name: `Victim channel ${tenantId}`, credentials: { accessToken: system.mastodon.token }, niches: ['technology'] },
  });
  const apiKey = await api.expect(201, 'POST', '/api/v1/api-keys', { body: { name: `victim key ${tenantId}`, scopes: ['news:read'] } });
  const sourceUrl = `${outside.url}${feedPath}`;
  const source = await api.expect(201, 'POST', '/api/v1/sources', { body: { url: sourceUrl, niche: 'technology', title: `Victim source ${tenantId}` } });
  const refresh = await api.expect(200, 'POST', `/api/v1/sources/${source.id}/refresh`);
  if (refresh.newArticles !== ARTICLES) throw new Error(`the victim's feed gave ${JSON.stringify(refresh)}`);

  const posts = await waitFor(async () => {
    const { body } = await api.get('/api/v1/posts?status=published');
    return body.items?.length === ARTICLES ? (body.items as Array<{ id: string; articleId: string }>) : undefined;
  }, { timeoutMs: 120_000, what: "the victim's 3 published posts" });
  const deliveries = await waitFor(async () => {
    const { body } = await api.get(`/api/v1/webhooks/${webhook.id}/deliveries`);
    return body.items?.length >= ARTICLES * 2 ? (body.items as Array<{ id: string }>) : undefined;
  }, { timeoutMs: 60_000, what: "the victim's 6 webhook deliveries" });
  const { body: articles } = await api.get('/api/v1/articles');
  const articleIds = (articles.items as Array<{ id: string }>).map((a) => a.id);
  await waitFor(async () => (await api.get(`/api/v1/summaries/${articleIds[0]}`)).status === 200, { what: "the victim's summary" });

  return {
    tenantId, api, sourceId: source.id, sourceUrl, articleIds, channelId: channel.id, postIds: posts.map((p) => p.id),
    webhookId: webhook.id, deliveryId: deliveries[0]!.id, apiKeyId: apiKey.id,
    markers: [tenantId, source.id, channel.id, webhook.id, apiKey.id, ...articleIds, ...posts.map((p) => p.id), ...items.map((i) => i.title)],
  };
}
