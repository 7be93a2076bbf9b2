import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's webhook subscription (table `webhook_subscriptions`). Column types are explicit: the esbuild bundle has no decorator metadata. */
@Entity({ name: 'webhook_subscriptions' })
export class WebhookSubscriptionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  url!: string;

  /** Event types delivered; empty means all. */
  @Column('text', { array: true })
  events!: string[];

  /** Niches delivered; empty means all. */
  @Column('text', { array: true })
  niches!: string[];

  /** The signing secret as SecretCipher sealed it; never returned by the API. */
  @Column('text', { name: 'secret_sealed' })
  secretSealed!: string;

  /** Batch events into one digest per window of this many seconds; null sends each event on its own. */
  @Column('integer', { name: 'digest_window_seconds', nullable: true })
  digestWindowSeconds!: number | null;

  @Column('boolean')
  enabled!: boolean;

  @Column('integer', { name: 'consecutive_failures' })
  consecutiveFailures!: number;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason!: string | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
