import type { DataSource } from 'typeorm';
import { groupIntoDigests, type Digest, type PendingDigestItem } from '../../domain/digest';
import type { LiveEvent } from '../../domain/live-event';

/** What one build pass did. */
export interface DigestBuildResult {
  /** Items looked at (a full page means there may be more). */
  claimed: number;
  /** Deliveries created (one per subscription and closed window). */
  digests: number;
  /** Events moved into them. */
  events: number;
  /** Events whose window already had its digest (committed late, or split by the limit): moved to the open window. */
  deferred: number;
}

type Row = Record<string, unknown>;

/**
 * The waiting room of digest subscriptions: their events are queued in `webhook_digest_items`
 * (DeliveryRepository.applyEvents) instead of becoming deliveries and, once their epoch-aligned
 * window has closed, turned into one `webhook_deliveries` row per subscription and window whose
 * payload is the digest. From then on a digest is an ordinary
 * delivery: the dispatcher signs, sends, retries, logs and auto-disables it, and redeliver works.
 */
export class DigestRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Turns closed windows into deliveries, at most `limit` events per pass. The items are locked
   * with SKIP LOCKED, so replicas building at the same time take disjoint sets; the digest id is
   * derived from subscription and window, so a window can only ever become one delivery (unique
   * subscription + event id). An item that reaches a window whose digest exists already — its
   * transaction committed after the window was built — is moved to the open window instead of lost.
   */
  buildDue(limit: number): Promise<DigestBuildResult> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT i.subscription_id, i.event_id, i.payload, i.queued_at, s.digest_window_seconds
           FROM webhook_digest_items i
           JOIN webhook_subscriptions s ON s.id = i.subscription_id AND s.enabled AND s.digest_window_seconds IS NOT NULL
          WHERE i.queued_at < to_timestamp(floor(extract(epoch FROM clock_timestamp()) / s.digest_window_seconds) * s.digest_window_seconds)
          ORDER BY i.subscription_id, i.queued_at
          LIMIT $1
          FOR UPDATE OF i SKIP LOCKED`,
        [limit],
      )) as Row[];
      const result: DigestBuildResult = { claimed: rows.length, digests: 0, events: 0, deferred: 0 };
      const digests = digestsOf(rows);
      // A full page may have cut the last window short: leave it whole for the next pass.
      if (rows.length === limit && digests.length > 1) digests.pop();
      for (const digest of digests) {
        const eventIds = digest.payload.events.map((event) => event.id);
        const inserted = (await manager.query(
          `INSERT INTO webhook_deliveries (id, subscription_id, tenant_id, event_id, event_type, payload, status, next_attempt_at)
           VALUES (gen_random_uuid(), $1, $2, $3, 'digest', $4::jsonb, 'pending', now())
           ON CONFLICT (subscription_id, event_id) DO NOTHING
           RETURNING id`,
          [digest.subscriptionId, digest.payload.tenantId, digest.payload.id, JSON.stringify(digest.payload)],
        )) as Row[];
        if (inserted.length > 0) {
          await manager.query('DELETE FROM webhook_digest_items WHERE subscription_id = $1 AND event_id = ANY ($2::uuid[])', [digest.subscriptionId, eventIds]);
          result.digests += 1;
          result.events += eventIds.length;
        } else {
          await manager.query('UPDATE webhook_digest_items SET queued_at = clock_timestamp() WHERE subscription_id = $1 AND event_id = ANY ($2::uuid[])', [
            digest.subscriptionId,
            eventIds,
          ]);
          result.deferred += eventIds.length;
        }
      }
      return result;
    });
  }
}

/** The claimed rows as digests, per subscription (each has its own window length), in row order. */
function digestsOf(rows: Row[]): Digest[] {
  const bySubscription = new Map<string, { windowMs: number; items: PendingDigestItem[] }>();
  for (const row of rows) {
    const subscriptionId = String(row.subscription_id);
    let entry = bySubscription.get(subscriptionId);
    if (!entry) {
      entry = { windowMs: Number(row.digest_window_seconds) * 1000, items: [] };
      bySubscription.set(subscriptionId, entry);
    }
    entry.items.push({ subscriptionId, event: row.payload as LiveEvent, at: row.queued_at as Date });
  }
  return [...bySubscription.values()].flatMap(({ windowMs, items }) => groupIntoDigests(items, windowMs));
}
