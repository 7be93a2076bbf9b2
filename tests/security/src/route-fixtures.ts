import type { ApiResponse } from '@pulse/e2e';
import { rawRequest } from './raw-request';
import { routeName, type PublicRoute } from './public-routes';
import type { VictimData } from './security-system';

/** Routes that hold a connection open (SSE): covered by the stream tests, not by request/answer loops. */
export const STREAMING_ROUTES = new Set(['GET /api/v1/stream']);

/**
 * The victim's id for each path parameter of a route. A route the table does not know fails the
 * suite with its name: add its resource here so the new endpoint is covered.
 */
export function victimPathParams(route: PublicRoute, victim: VictimData): Record<string, string> {
  const [, , , resource] = route.template.split('/');
  const ids: Record<string, Record<string, string>> = {
    sources: { id: victim.sourceId },
    articles: { id: victim.articleIds[0]! },
    channels: { id: victim.channelId },
    posts: { id: victim.postIds[0]! },
    webhooks: { id: victim.webhookId, deliveryId: victim.deliveryId },
    'api-keys': { id: victim.apiKeyId },
    summaries: { articleId: victim.articleIds[0]! },
  };
  const known = ids[resource ?? ''];
  const missing = route.pathParams.filter((name) => known?.[name] === undefined);
  if (missing.length > 0) throw new Error(`${routeName(route)}: no victim id for ${missing.join(', ')}; teach src/route-fixtures.ts this resource`);
  return known!;
}

/** A request body the route accepts (the tenant comes from the token, never from here). */
export interface RouteBody {
  body?: unknown;
  /** A body sent as is with this content type (OPML import). */
  raw?: { contentType: string; text: string };
  /** The body names one of the victim's resources: the answer must be 404 like a foreign id in the path. */
  namesVictimResource?: boolean;
}

/**
 * A valid body for every route that takes one, as another tenant would send it; `feedUrl` and
 * `hookUrl` are on the allowed host so the request gets past the SSRF check. Unknown routes fail.
 */
export function bodyFor(route: PublicRoute, context: { victim: VictimData; feedUrl: string; hookUrl: string; mastodonToken: string }): RouteBody {
  const bodies: Record<string, RouteBody> = {
    'POST /api/v1/sources': { body: { url: context.feedUrl, niche: 'technology' } },
    'PATCH /api/v1/sources/{id}': { body: { title: 'taken over' } },
    'POST /api/v1/sources/import': {
      raw: {
        contentType: 'text/x-opml',
        text: `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body><outline type="rss" text="x" xmlUrl="${context.feedUrl}"/></body></opml>`,
      },
    },
    'POST /api/v1/channels': { body: { platform: 'mastodon', name: 'attacker channel', credentials: { accessToken: context.mastodonToken }, niches: ['technology'] } },
    'PATCH /api/v1/channels/{id}': { body: { name: 'taken over' } },
    'POST /api/v1/webhooks': { body: { url: context.hookUrl, events: ['post.published'] } },
    'POST /api/v1/api-keys': { body: { name: 'attacker key', scopes: ['news:read'] } },
    'POST /api/v1/summaries': { body: { articleId: context.victim.articleIds[0] }, namesVictimResource: true },
  };
  if (!route.hasBody) return {};
  const body = bodies[routeName(route)];
  if (!body) throw new Error(`${routeName(route)}: no request body known; teach src/route-fixtures.ts this route`);
  return body;
}

/** Values for the required query parameters (the first of an enum); unknown required ones fail. */
export function requiredQuery(route: PublicRoute): Record<string, string> {
  const query: Record<string, string> = {};
  for (const { name, required, schema } of route.queryParams) {
    if (!required) continue;
    const values = (schema as { enum?: unknown[] }).enum;
    if (!values?.length) throw new Error(`${routeName(route)}: no value for the required query parameter ${name}`);
    query[name] = String(values[0]);
  }
  return query;
}

/** Sends one route's request with `token` (raw bodies as they are, others as JSON). */
export function sendRoute(baseUrl: string, token: string, route: PublicRoute, path: string, body: RouteBody): Promise<ApiResponse> {
  if (body.raw) return rawRequest(`${baseUrl}${path}`, { method: route.method, token, body: body.raw.text, headers: { 'content-type': body.raw.contentType } });
  return rawRequest(`${baseUrl}${path}`, {
    method: route.method, token,
    ...(body.body === undefined ? {} : { body: JSON.stringify(body.body), headers: { 'content-type': 'application/json' } }),
  });
}
