import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One HTTP attempt of a delivery, for the delivery log (table `webhook_delivery_attempts`). */
@Entity({ name: 'webhook_delivery_attempts' })
export class WebhookDeliveryAttemptEntity {
  @PrimaryColumn('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @PrimaryColumn('integer')
  attempt!: number;

  /** delivered | gone | retriable | permanent */
  @Column('text')
  outcome!: string;

  @Column('integer', { name: 'status_code', nullable: true })
  statusCode!: number | null;

  @Column('text', { nullable: true })
  error!: string | null;

  /** The start of the receiver's answer (at most 4 KiB). */
  @Column('text', { name: 'response_excerpt', nullable: true })
  responseExcerpt!: string | null;

  @Column('integer', { name: 'duration_ms' })
  durationMs!: number;

  @Column('timestamptz', { name: 'attempted_at' })
  attemptedAt!: Date;
}
