import { z } from 'zod';
import { serviceDocument, type OpenApiDocument, type OperationSpec } from '@pulse/openapi';
import { DELIVERY_STATUSES } from '../adapters/db';
import { LIVE_EVENT_TYPES, LIVE_MESSAGE_TYPES } from '../domain/live-event';
import { STREAM_SCOPE } from './stream.routes';
import { createSubscriptionBody, deliveriesQuery, deliveryParams, digestSettings, subscriptionParams } from './webhook.schemas';

/*
 * The notification API as the public sees it through the gateway. Requests: the routes' own zod
 * schemas (the SSE query is parsed by hand in sse.handler.ts and described here); responses follow
 * subscriptionView, deliveryView and the ticket handler. `/ws` (WebSocket) is outside OpenAPI.
 */

const instant = z.iso.datetime({ offset: true });

const subscription = z.object({
  id: z.uuid(),
  url: z.url(),
  events: z.array(z.enum(LIVE_EVENT_TYPES as [string, ...string[]])).describe('Empty means all.'),
  niches: z.array(z.string()).describe('Empty means all.'),
  digest: digestSettings.nullable().describe('Null: one request per event. Otherwise one request per window carrying its events (`type: "digest"`).'),
  enabled: z.boolean(),
  consecutiveFailures: z.number().int(),
  disabledReason: z.string().nullable(),
  disabledAt: instant.nullable(),
  createdAt: instant,
  updatedAt: instant,
});

const delivery = z.object({
  id: z.uuid(),
  subscriptionId: z.uuid(),
  eventId: z.string(),
  eventType: z.string().describe('The event type, or `digest` (then `eventId` is the digest id).'),
  status: z.enum(DELIVERY_STATUSES as [string, ...string[]]),
  attempts: z.number().int(),
  nextAttemptAt: instant.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: instant,
  updatedAt: instant,
  attemptLog: z.array(z.object({
    attempt: z.number().int(),
    outcome: z.string(),
    statusCode: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().nullable(),
    attemptedAt: instant,
  })),
});

// sse.handler.ts reads these by hand (lists: comma-separated or repeated).
const streamQuery = z.object({
  niches: z.string().optional().describe('Comma-separated niches to receive; all when absent.'),
  events: z.string().optional().describe(`Comma-separated event types (${LIVE_MESSAGE_TYPES.join(', ')}); all when absent.`),
  lastEventId: z.string().optional().describe('Resume after this event id (or send the Last-Event-ID header).'),
});

const operations: OperationSpec[] = [
  { method: 'get', path: '/api/v1/webhooks', operationId: 'listWebhooks', summary: "List the tenant's webhook subscriptions", scopes: ['webhooks:read'],
    responses: { 200: { description: 'The subscriptions', schema: z.object({ items: z.array(subscription) }) } } },
  { method: 'post', path: '/api/v1/webhooks', operationId: 'createWebhook', summary: 'Subscribe a URL to events', scopes: ['webhooks:write'], body: createSubscriptionBody,
    description: 'Deliveries are signed with the secret, which is returned only in this response. The URL is checked against the SSRF guard. With `digest`, the events of each window go out as one request `{ id, type: "digest", tenantId, windowStart, windowEnd, events }`.',
    responses: { 201: {
      description: 'Created; `secret` is shown this once',
      schema: subscription.extend({ secret: z.string() }),
      headers: { Location: { description: 'The new subscription', schema: { type: 'string' } } },
    } } },
  { method: 'get', path: '/api/v1/webhooks/{id}', operationId: 'getWebhook', summary: 'Get a subscription', scopes: ['webhooks:read'], params: subscriptionParams,
    responses: { 200: { description: 'The subscription', schema: subscription } } },
  { method: 'delete', path: '/api/v1/webhooks/{id}', operationId: 'deleteWebhook', summary: 'Delete a subscription', scopes: ['webhooks:write'], params: subscriptionParams,
    responses: { 204: { description: 'Deleted' } } },
  { method: 'get', path: '/api/v1/webhooks/{id}/deliveries', operationId: 'listWebhookDeliveries', summary: "A subscription's delivery log", scopes: ['webhooks:read'], params: subscriptionParams, query: deliveriesQuery,
    responses: { 200: { description: 'Deliveries with every attempt', schema: z.object({ items: z.array(delivery) }) } } },
  { method: 'post', path: '/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver', operationId: 'redeliverWebhook', summary: 'Send a delivery again', scopes: ['webhooks:write'], params: deliveryParams, errors: [409],
    responses: { 202: { description: 'Queued for delivery', schema: delivery } } },
  { method: 'post', path: '/api/v1/stream/tickets', operationId: 'createStreamTicket', summary: 'Trade the token for a single-use stream ticket', scopes: [STREAM_SCOPE],
    description: "Browsers' EventSource and WebSocket cannot send an Authorization header: open `/api/v1/stream?ticket=` or `/ws?ticket=` with this ticket instead.",
    responses: { 201: { description: 'The ticket', schema: z.object({ ticket: z.string(), expiresIn: z.number().int().describe('Seconds the ticket stays valid.') }) } } },
  { method: 'get', path: '/api/v1/stream', operationId: 'openEventStream', summary: 'Live events as server-sent events', scopes: [STREAM_SCOPE], query: streamQuery,
    extraSecurity: [{ streamTicket: [] }],
    description: 'Frames: `id:` (event id), `event:` (event type, or `reset` when the history to resume from is gone), `data:` (the event envelope as JSON). Authenticate with the bearer token or a ticket.',
    responses: { 200: { description: 'An open event stream', content: { 'text/event-stream': { type: 'string' } } } } },
];

/** The notification service's OpenAPI 3.1 document (public paths). */
export function notificationOpenApi(): OpenApiDocument {
  return serviceDocument({
    service: 'notification',
    version: '1.0.0',
    description: "Live events (server-sent events; WebSocket at /ws) and signed webhooks with durable retries for the tenant's summaries and posts.",
    operations,
    securitySchemes: {
      streamTicket: { type: 'apiKey', in: 'query', name: 'ticket', description: 'A single-use ticket from POST /api/v1/stream/tickets (30 s).' },
    },
  });
}
