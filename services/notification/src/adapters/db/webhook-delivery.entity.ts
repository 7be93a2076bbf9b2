import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed', 'dead'];

/**
 * One event for one subscription (table `webhook_deliveries`, unique per subscription and event).
 * pending: waiting for its next attempt; delivered: 2xx; failed: refused for good (4xx, 410, SSRF);
 * dead: retries exhausted, or its subscription was disabled.
 */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'subscription_id' })
  subscriptionId!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  /** The event envelope, sent as the request body. */
  @Column('jsonb')
  payload!: unknown;

  @Column('text')
  status!: DeliveryStatus;

  /** Attempts made so far, over all rounds. */
  @Column('integer')
  attempts!: number;

  /** `attempts` when the current round began (a manual redeliver starts a new round with a fresh retry budget). */
  @Column('integer', { name: 'round_start_attempt' })
  roundStartAttempt!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('integer', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
