import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A submitted Message Batch: polled until it ends, then its results are collected once. */
@Entity({ name: 'message_batches' })
export class MessageBatchEntity {
  /** The API's batch id (msgbatch_...). */
  @PrimaryColumn('text')
  id!: string;

  /** The last processing_status seen: in_progress, canceling, ended. */
  @Column('text')
  status!: string;

  @Column('integer', { name: 'item_count' })
  itemCount!: number;

  @Column('timestamptz', { name: 'submitted_at', default: () => 'now()' })
  submittedAt!: Date;

  @Column('timestamptz', { name: 'last_polled_at', nullable: true })
  lastPolledAt!: Date | null;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  /** Set when every item's summary is stored. */
  @Column('timestamptz', { name: 'collected_at', nullable: true })
  collectedAt!: Date | null;

  /** A replica collecting the results holds the batch until then. */
  @Column('timestamptz', { name: 'lease_until', nullable: true })
  leaseUntil!: Date | null;
}
