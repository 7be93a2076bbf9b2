import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * An article the selection policy did not summarize, with the reason. It keeps the article text so
 * `POST /v1/summaries {articleId}` can summarize it later on request.
 */
@Entity({ name: 'skipped_articles' })
export class SkippedArticleEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text')
  niche!: string;

  /** empty-text, below-threshold, ... (the `reason` label of pulse_articles_skipped_total). */
  @Column('text')
  reason!: string;

  @Column('text')
  detail!: string;

  @Column('double precision', { nullable: true })
  score!: number | null;

  @Column('text')
  title!: string;

  @Column('text')
  text!: string;

  @Column('text')
  url!: string;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'skipped_at' })
  skippedAt!: Date;
}
