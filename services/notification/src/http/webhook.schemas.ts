import { z } from 'zod';
import { LIVE_EVENT_TYPES } from '../domain/live-event';
import { DELIVERY_STATUSES, type WebhookSubscriptionEntity } from '../adapters/db';
import type { AttemptRecord, DeliveryRecord } from '../adapters/db/delivery.repository';

/** Digest windows: from 5 seconds (shorter is just per-event delivery with extra delay) to one day. */
export const DIGEST_WINDOW_SECONDS = { min: 5, max: 86_400 } as const;

export const digestSettings = z
  .object({
    windowSeconds: z
      .number()
      .int('must be a whole number of seconds')
      .min(DIGEST_WINDOW_SECONDS.min, `must be at least ${DIGEST_WINDOW_SECONDS.min}`)
      .max(DIGEST_WINDOW_SECONDS.max, `must be at most ${DIGEST_WINDOW_SECONDS.max} (one day)`)
      .describe('Window length; windows are aligned to the epoch (e.g. 300 = every 5 minutes on the clock).'),
  })
  .strict();

export const createSubscriptionBody = z
  .object({
    url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048),
    /** Event types to deliver; empty or absent means all. */
    events: z.array(z.enum(LIVE_EVENT_TYPES as [string, ...string[]])).max(10).default([]),
    /** Niches to deliver; empty or absent means all. */
    niches: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
    /** Your own signing secret; one is generated (and returned once) when absent. */
    secret: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
    /** Batch the events of each window into one signed request; absent sends every event on its own. */
    digest: digestSettings.optional(),
  })
  .strict();

export const subscriptionParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
export const deliveriesQuery = z.object({
  status: z.enum(DELIVERY_STATUSES as [string, ...string[]]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A subscription as the API shows it: everything but the secret. */
export function subscriptionView(row: WebhookSubscriptionEntity) {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    niches: row.niches,
    digest: row.digestWindowSeconds === null ? null : { windowSeconds: row.digestWindowSeconds },
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt ? row.disabledAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** One delivery of the log, with every attempt (number, outcome, HTTP status, error). */
export function deliveryView(delivery: DeliveryRecord, attempts: AttemptRecord[] = []) {
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.nextAttemptAt ? delivery.nextAttemptAt.toISOString() : null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    updatedAt: delivery.updatedAt.toISOString(),
    attemptLog: attempts.map((attempt) => ({
      attempt: attempt.attempt,
      outcome: attempt.outcome,
      statusCode: attempt.statusCode,
      error: attempt.error,
      durationMs: attempt.durationMs,
      attemptedAt: attempt.attemptedAt.toISOString(),
    })),
  };
}
