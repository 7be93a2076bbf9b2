import { z } from 'zod';
import { serviceDocument, type OpenApiDocument, type OperationSpec } from '@pulse/openapi';
import { POST_STATUSES } from '../adapters/db';
import { PLATFORMS } from '../domain/platform';
import { channelIdParams, createChannelBody, patchChannelBody } from './channel.schemas';
import { listPostsQuery, postIdParams } from './post.schemas';

/*
 * The social API as the public sees it through the gateway. Requests: the routes' own zod schemas;
 * responses: the schemas below, which follow channelView, postView and experiments.routes.ts.
 */

const instant = z.iso.datetime({ offset: true });

const channel = z.object({
  id: z.uuid(),
  platform: z.enum(PLATFORMS),
  name: z.string(),
  niches: z.array(z.string()),
  postingWindows: z.array(z.object({ weekday: z.number().int().min(1).max(7), start: z.string(), end: z.string() })),
  timeZone: z.string(),
  maxPostsPerHour: z.number().int(),
  autoPublish: z.boolean(),
  enabled: z.boolean(),
  status: z.enum(['active', 'error']),
  lastError: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
}).describe('A channel; its credentials are write-only.');

const post = z.object({
  id: z.uuid(),
  articleId: z.uuid(),
  channelId: z.uuid(),
  platform: z.enum(PLATFORMS),
  niche: z.string(),
  text: z.string(),
  variant: z.string().nullable(),
  experimentId: z.string().nullable(),
  status: z.enum(POST_STATUSES),
  scheduledAt: instant.nullable(),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  remoteId: z.string().nullable(),
  remoteUrl: z.string().nullable(),
  error: z.object({ code: z.string().nullable(), reason: z.string().nullable() }).nullable(),
  engagement: z.object({ likes: z.number().int(), reposts: z.number().int(), replies: z.number().int() }).nullable(),
  createdAt: instant,
  publishedAt: instant.nullable(),
});

const experiment = z.object({
  id: z.string(),
  niche: z.string(),
  createdAt: instant,
  variants: z.array(z.object({
    variant: z.string(),
    assignments: z.number().int(),
    successes: z.number().int(),
    failures: z.number().int(),
    mean: z.number().describe('Posterior mean of the success rate, Beta(1 + successes, 1 + failures).'),
    credibleInterval: z.tuple([z.number(), z.number()]).describe('Central 95% credible interval.'),
    probabilityBest: z.number().describe('Share of posterior draws in which this variant is best.'),
  })),
});

const operations: OperationSpec[] = [
  { method: 'get', path: '/api/v1/channels', operationId: 'listChannels', summary: "List the tenant's channels", scopes: ['channels:read'],
    responses: { 200: { description: 'The channels', schema: z.object({ items: z.array(channel) }) } } },
  { method: 'post', path: '/api/v1/channels', operationId: 'createChannel', summary: 'Connect a social account', scopes: ['channels:write'], body: createChannelBody, errors: [422],
    description: 'Credentials are stored sealed and never returned. A webhook channel\'s `credentials.url` must be http(s), carry no user:password and reach a public address (SSRF guard; operators may allow private ranges): otherwise 422 `webhook-url-refused`.',
    responses: { 201: { description: 'Created', schema: channel, headers: { Location: { description: 'The new channel', schema: { type: 'string' } } } } } },
  { method: 'get', path: '/api/v1/channels/{id}', operationId: 'getChannel', summary: 'Get a channel', scopes: ['channels:read'], params: channelIdParams,
    responses: { 200: { description: 'The channel', schema: channel } } },
  { method: 'patch', path: '/api/v1/channels/{id}', operationId: 'updateChannel', summary: 'Change a channel', scopes: ['channels:write'], params: channelIdParams, body: patchChannelBody, errors: [422],
    description: 'New webhook credentials are checked like at creation (422 `webhook-url-refused`).',
    responses: { 200: { description: 'The updated channel', schema: channel } } },
  { method: 'delete', path: '/api/v1/channels/{id}', operationId: 'deleteChannel', summary: 'Remove a channel', scopes: ['channels:write'], params: channelIdParams,
    description: 'Its unsent posts fail with `channel-deleted`.',
    responses: { 204: { description: 'Deleted' } } },
  { method: 'get', path: '/api/v1/posts', operationId: 'listPosts', summary: 'List posts, newest first, one page at a time', scopes: ['posts:read'], query: listPostsQuery,
    responses: { 200: { description: 'A page of posts', schema: z.object({ items: z.array(post), nextCursor: z.string().nullable() }) } } },
  { method: 'get', path: '/api/v1/posts/{id}', operationId: 'getPost', summary: 'Get a post', scopes: ['posts:read'], params: postIdParams,
    responses: { 200: { description: 'The post', schema: post } } },
  { method: 'post', path: '/api/v1/posts/{id}/approve', operationId: 'approvePost', summary: 'Approve a draft', scopes: ['posts:write'], params: postIdParams, errors: [409],
    description: "The draft is scheduled in its channel's next free slot (now, if the window is open and the rate allows).",
    responses: { 200: { description: 'The scheduled post', schema: post } } },
  { method: 'post', path: '/api/v1/posts/{id}/retry', operationId: 'retryPost', summary: 'Send a failed post again', scopes: ['posts:write'], params: postIdParams, errors: [409],
    description: 'With a fresh attempt budget; the platform is checked first, since the failure may have come after sending.',
    responses: { 200: { description: 'The rescheduled post', schema: post } } },
  { method: 'get', path: '/api/v1/experiments', operationId: 'listExperiments', summary: 'A/B experiments with per-variant posteriors', scopes: ['posts:read'],
    responses: { 200: { description: 'The experiments', schema: z.object({ items: z.array(experiment) }) } } },
];

/** The social service's OpenAPI 3.1 document (public paths). */
export function socialOpenApi(): OpenApiDocument {
  return serviceDocument({
    service: 'social',
    version: '1.0.0',
    description: 'Channels (Mastodon, Bluesky, X, LinkedIn, webhooks), the posts made from summaries, their schedule and publication, and A/B experiments of post variants.',
    operations,
  });
}
