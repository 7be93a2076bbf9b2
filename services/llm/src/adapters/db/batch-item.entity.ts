import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** An article waiting for a Message Batch (batchId null) or in one; deleted once its summary is stored. */
@Entity({ name: 'batch_items' })
export class BatchItemEntity {
  /** Also the request's custom_id in the batch (unique across tenants, unlike article ids). */
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  niche!: string;

  @Column('text')
  title!: string;

  @Column('text')
  text!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('double precision', { nullable: true })
  score!: number | null;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt!: Date;

  @Column('timestamptz', { name: 'enqueued_at', default: () => 'now()' })
  enqueuedAt!: Date;

  @Column('text', { name: 'batch_id', nullable: true })
  batchId!: string | null;
}
