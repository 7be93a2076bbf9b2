import type { DataSource, EntityManager } from 'typeorm';
import { preparedQuery } from '@pulse/db';
import { inbox } from '@pulse/event-bus';
import type { LiveEvent } from '../../domain/live-event';
import type { WebhookPayload } from '../webhooks/webhook-delivery';
import type { DeliveryStatus } from './webhook-delivery.entity';

/** A delivery as the log shows it, with its attempts. */
export interface DeliveryRecord {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AttemptRecord {
  attempt: number;
  outcome: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  attemptedAt: Date;
}

/** A due delivery claimed by the worker, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  tenantId: string;
  /** The event envelope, or a digest of several. */
  payload: WebhookPayload;
  /** The number of the attempt about to be made (already counted). */
  attempt: number;
  attemptInRound: number;
  url: string;
  secretSealed: string;
}

type Row = Record<string, unknown>;

/** Rows an enqueue created, by event type. */
export interface EnqueuedCounts {
  deliveries: Record<string, number>;
  digestItems: Record<string, number>;
}

const DELIVERY_COLUMNS = `d.id, d.subscription_id, d.event_id, d.event_type, d.status, d.attempts, d.next_attempt_at,
  d.last_status_code, d.last_error, d.created_at, d.updated_at`;

/**
 * The deliveries table is the durable retry queue: a row is due when pending and its next_attempt_at
 * has passed. Tables are unqualified: the service's schema is first on search_path.
 */
export class DeliveryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Applies a batch of events once per consumer group, in ONE statement (atomic without an explicit
   * transaction, one round trip): records the events' ids in the group's inbox and, for the ids
   * recorded now (not applied before), creates everything an event causes for its tenant's enabled
   * subscriptions that want it (type and niche): a pending delivery for each plain subscription, a
   * waiting digest item for each digest subscription (DigestRepository sends those when their window
   * closes). Every event is matched against its own tenant's subscriptions only; rows go in in the
   * events' order (digests keep queue order); a repeated id is applied once. Answers the counts per
   * event type, for the metrics.
   */
  async applyEvents(manager: EntityManager, group: string, events: readonly LiveEvent[]): Promise<EnqueuedCounts> {
    const counts: EnqueuedCounts = { deliveries: {}, digestItems: {} };
    if (events.length === 0) return counts;
    const rows = (await preparedQuery(
      manager,
      `WITH fresh AS (${inbox.recordStatement(manager, { group: '$6', eventIds: '$2' })}),
       incoming AS (
         SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::jsonb[], $5::text[]) WITH ORDINALITY
           AS e(tenant_id, event_id, event_type, payload, niche, ord)
          WHERE e.event_id IN (SELECT event_id FROM fresh)
       ),
       wanting AS (
         SELECT s.id, s.tenant_id, s.digest_window_seconds, e.event_id, e.event_type, e.payload, e.ord
           FROM incoming e
           JOIN webhook_subscriptions s ON s.tenant_id = e.tenant_id AND s.enabled
            AND (cardinality(s.events) = 0 OR e.event_type = ANY (s.events))
            AND (cardinality(s.niches) = 0 OR e.niche = ANY (s.niches))
       ),
       deliveries AS (
         INSERT INTO webhook_deliveries (id, subscription_id, tenant_id, event_id, event_type, payload, status, next_attempt_at)
         SELECT gen_random_uuid(), w.id, w.tenant_id, w.event_id, w.event_type, w.payload, 'pending', now()
           FROM wanting w WHERE w.digest_window_seconds IS NULL ORDER BY w.ord
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING event_type
       ),
       digest_items AS (
         INSERT INTO webhook_digest_items (subscription_id, event_id, tenant_id, payload)
         SELECT w.id, w.event_id, w.tenant_id, w.payload FROM wanting w WHERE w.digest_window_seconds IS NOT NULL ORDER BY w.ord
         ON CONFLICT (subscription_id, event_id) DO NOTHING
         RETURNING payload->>'type' AS event_type
       )
       SELECT 'delivery' AS kind, event_type, count(*) AS n FROM deliveries GROUP BY event_type
       UNION ALL
       SELECT 'digest' AS kind, event_type, count(*) AS n FROM digest_items GROUP BY event_type`,
      [
        events.map((e) => e.tenantId), events.map((e) => e.id), events.map((e) => e.type),
        events.map((e) => JSON.stringify(e)), events.map((e) => e.data.niche), group,
      ],
    )) as Row[];
    for (const row of rows) {
      const byType = row.kind === 'delivery' ? counts.deliveries : counts.digestItems;
      byType[String(row.event_type)] = Number(row.n);
    }
    return counts;
  }

  /**
   * Claims up to `limit` due deliveries of enabled subscriptions. SKIP LOCKED lets several replicas
   * claim side by side; instead of holding a transaction open during the HTTP call, the claim leases
   * the row (next_attempt_at moves `leaseMs` ahead), so a worker that dies mid-attempt leaves the
   * delivery due again once the lease runs out. The attempt is counted at claim time.
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const rows = (await this.dataSource.query(
      `WITH due AS (
         SELECT d.id FROM webhook_deliveries d
           JOIN webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
          WHERE d.status = 'pending' AND d.next_attempt_at <= now()
          ORDER BY d.next_attempt_at
          LIMIT $1
          FOR UPDATE OF d SKIP LOCKED
       )
       UPDATE webhook_deliveries d
          SET attempts = d.attempts + 1,
              next_attempt_at = now() + make_interval(secs => $2::double precision / 1000),
              updated_at = now()
         FROM due, webhook_subscriptions s
        WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id, d.subscription_id, d.tenant_id, d.payload, d.attempts, d.round_start_attempt, s.url, s.secret_sealed`,
      [limit, leaseMs],
    )) as Row[];
    // node-postgres answers an UPDATE ... RETURNING through TypeORM as [rows, count].
    const list = (Array.isArray(rows[0]) ? rows[0] : rows) as Row[];
    return list.map((row) => ({
      id: String(row.id),
      subscriptionId: String(row.subscription_id),
      tenantId: String(row.tenant_id),
      payload: row.payload as WebhookPayload,
      attempt: Number(row.attempts),
      attemptInRound: Number(row.attempts) - Number(row.round_start_attempt),
      url: String(row.url),
      secretSealed: String(row.secret_sealed),
    }));
  }

  /** A tenant's deliveries of one subscription, newest first. */
  async listForSubscription(tenantId: string, subscriptionId: string, options: { limit: number; status?: DeliveryStatus }): Promise<DeliveryRecord[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d
        WHERE d.tenant_id = $1 AND d.subscription_id = $2 AND ($3::text IS NULL OR d.status = $3)
        ORDER BY d.created_at DESC, d.id
        LIMIT $4`,
      [tenantId, subscriptionId, options.status ?? null, options.limit],
    )) as Row[];
    return rows.map(toDeliveryRecord);
  }

  /** The attempts of the given deliveries, grouped by delivery id, in attempt order. */
  async attemptsOf(deliveryIds: string[]): Promise<Map<string, AttemptRecord[]>> {
    const byDelivery = new Map<string, AttemptRecord[]>();
    if (deliveryIds.length === 0) return byDelivery;
    const rows = (await this.dataSource.query(
      `SELECT delivery_id, attempt, outcome, status_code, error, duration_ms, attempted_at
         FROM webhook_delivery_attempts WHERE delivery_id = ANY ($1::uuid[]) ORDER BY delivery_id, attempt`,
      [deliveryIds],
    )) as Row[];
    for (const row of rows) {
      const list = byDelivery.get(String(row.delivery_id)) ?? [];
      list.push({
        attempt: Number(row.attempt),
        outcome: String(row.outcome),
        statusCode: row.status_code === null ? null : Number(row.status_code),
        error: (row.error as string | null) ?? null,
        durationMs: Number(row.duration_ms),
        attemptedAt: row.attempted_at as Date,
      });
      byDelivery.set(String(row.delivery_id), list);
    }
    return byDelivery;
  }

  /**
   * Makes a delivery due now with a fresh retry budget (a new round), whatever its status; the
   * attempt count and log continue. Undefined when the tenant has no such delivery on that subscription.
   */
  async redeliver(tenantId: string, subscriptionId: string, deliveryId: string): Promise<DeliveryRecord | undefined> {
    const result = (await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET status = 'pending', next_attempt_at = now(), round_start_attempt = d.attempts, updated_at = now()
        WHERE d.tenant_id = $1 AND d.subscription_id = $2 AND d.id = $3
       RETURNING ${DELIVERY_COLUMNS}`,
      [tenantId, subscriptionId, deliveryId],
    )) as unknown[];
    const rows = (Array.isArray(result[0]) ? result[0] : result) as Row[];
    return rows[0] ? toDeliveryRecord(rows[0]) : undefined;
  }
}

function toDeliveryRecord(row: Row): DeliveryRecord {
  return {
    id: String(row.id),
    subscriptionId: String(row.subscription_id),
    eventId: String(row.event_id),
    eventType: String(row.event_type),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: (row.next_attempt_at as Date | null) ?? null,
    lastStatusCode: row.last_status_code === null ? null : Number(row.last_status_code),
    lastError: (row.last_error as string | null) ?? null,
    createdAt: row.created_at as Date,
    updatedAt: row.updated_at as Date,
  };
}
