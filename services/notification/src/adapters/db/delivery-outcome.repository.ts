import type { DataSource, EntityManager } from 'typeorm';
import { decideSubscriptionHealth } from '../../domain/auto-disable';
import type { DeliveryProgress } from '../../domain/delivery-progress';
import type { AttemptResult } from '../webhooks/webhook-delivery';
import type { ClaimedDelivery } from './delivery.repository';

/** A subscription this attempt disabled (auto-disable), for the warning and the live notice. */
export interface DisabledSubscription {
  subscriptionId: string;
  tenantId: string;
  url: string;
  reason: 'gone' | 'too-many-failures';
  consecutiveFailures: number;
}

type Row = Record<string, unknown>;

/**
 * Writes what one attempt did, in one transaction: the attempt log row, the delivery's new state,
 * and — when the delivery finished — the subscription's failure streak, disabling it after too
 * many failures or on 410 (its other pending deliveries then become dead, its queued digest events are dropped).
 */
export class DeliveryOutcomeRepository {
  constructor(private readonly dataSource: DataSource, private readonly disableAfter: number) {}

  record(claim: ClaimedDelivery, result: AttemptResult, progress: DeliveryProgress): Promise<DisabledSubscription | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const locked = (await manager.query('SELECT attempts FROM webhook_deliveries WHERE id = $1 FOR UPDATE', [claim.id])) as Row[];
      if (locked.length === 0) return undefined; // the subscription was deleted meanwhile
      await manager.query(
        `INSERT INTO webhook_delivery_attempts (delivery_id, attempt, outcome, status_code, error, response_excerpt, duration_ms)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [claim.id, claim.attempt, result.outcome, result.status ?? null, result.error ?? null, result.responseBody ?? null, result.durationMs],
      );
      // A manual redeliver may have started a newer attempt meanwhile; its state wins.
      if (Number(locked[0]!.attempts) !== claim.attempt) return undefined;
      const lastError = result.error ?? (result.outcome === 'delivered' ? null : `HTTP ${result.status ?? '?'}`);
      await manager.query(
        `UPDATE webhook_deliveries
            SET status = $2,
                next_attempt_at = CASE WHEN $3::double precision IS NULL THEN NULL ELSE now() + make_interval(secs => $3::double precision / 1000) END,
                last_status_code = $4, last_error = $5, updated_at = now()
          WHERE id = $1`,
        [claim.id, progress.status, progress.status === 'pending' ? progress.retryInMs : null, result.status ?? null, lastError],
      );
      if (progress.status === 'pending') return undefined;
      return this.updateHealth(manager, claim, progress.result);
    });
  }

  private async updateHealth(manager: EntityManager, claim: ClaimedDelivery, result: 'delivered' | 'failed' | 'gone'): Promise<DisabledSubscription | undefined> {
    const rows = (await manager.query(
      'SELECT url, enabled, consecutive_failures FROM webhook_subscriptions WHERE id = $1 FOR UPDATE',
      [claim.subscriptionId],
    )) as Row[];
    const subscription = rows[0];
    if (!subscription) return undefined;
    const decision = decideSubscriptionHealth({ consecutiveFailures: Number(subscription.consecutive_failures) }, result, this.disableAfter);
    if (!decision.disable || subscription.enabled !== true) {
      await manager.query('UPDATE webhook_subscriptions SET consecutive_failures = $2, updated_at = now() WHERE id = $1', [
        claim.subscriptionId,
        decision.consecutiveFailures,
      ]);
      return undefined;
    }
    await manager.query(
      `UPDATE webhook_subscriptions
          SET enabled = false, consecutive_failures = $2, disabled_reason = $3, disabled_at = now(), updated_at = now()
        WHERE id = $1`,
      [claim.subscriptionId, decision.consecutiveFailures, decision.reason],
    );
    await manager.query(
      `UPDATE webhook_deliveries SET status = 'dead', next_attempt_at = NULL, last_error = 'subscription disabled', updated_at = now()
        WHERE subscription_id = $1 AND status = 'pending'`,
      [claim.subscriptionId],
    );
    // Events still waiting for a digest window would never be sent: drop them with the subscription's pending deliveries.
    await manager.query('DELETE FROM webhook_digest_items WHERE subscription_id = $1', [claim.subscriptionId]);
    return {
      subscriptionId: claim.subscriptionId,
      tenantId: claim.tenantId,
      url: String(subscription.url),
      reason: decision.reason,
      consecutiveFailures: decision.consecutiveFailures,
    };
  }
}
