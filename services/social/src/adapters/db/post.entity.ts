import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ArticleLink } from '../../domain/article-link';
import type { Platform } from '../../domain/platform';
import type { PostEntity as TextEntity } from '../../domain/post-composer';

export const POST_STATUSES = ['draft', 'scheduled', 'publishing', 'published', 'failed'] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

/** What the composer produced besides the text; kept so every retry sends the same post. */
export interface ComposedExtras {
  length: number;
  maxLength: number | null;
  truncated: boolean;
  hashtags: string[];
  link: ArticleLink | null;
  entities: TextEntity[];
}

/** One post of one article on one channel (unique per article and channel). */
@Entity({ name: 'posts' })
export class PostEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('uuid', { name: 'channel_id' })
  channelId!: string;

  @Column('text')
  platform!: Platform;

  @Column('text')
  niche!: string;

  @Column('text')
  text!: string;

  @Column('jsonb')
  composed!: ComposedExtras;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('text', { name: 'article_title' })
  articleTitle!: string;

  @Column('text', { nullable: true })
  variant!: string | null;

  @Column('text', { name: 'experiment_id', nullable: true })
  experimentId!: string | null;

  @Column('text')
  status!: PostStatus;

  @Column('timestamptz', { name: 'scheduled_at', nullable: true })
  scheduledAt!: Date | null;

  @Column('integer')
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** An earlier try may have reached the platform: look for the post before sending again. */
  @Column('boolean', { name: 'outcome_unknown' })
  outcomeUnknown!: boolean;

  @Column('text', { name: 'idempotency_key' })
  idempotencyKey!: string;

  @Column('text', { name: 'remote_id', nullable: true })
  remoteId!: string | null;

  @Column('text', { name: 'remote_url', nullable: true })
  remoteUrl!: string | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_reason', nullable: true })
  errorReason!: string | null;

  /** Also the Bluesky record's createdAt (its record key derives from it): never changes. */
  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @Column('timestamptz', { name: 'fetched_at', nullable: true })
  fetchedAt!: Date | null;

  @Column('timestamptz', { name: 'summarized_at', nullable: true })
  summarizedAt!: Date | null;

  /** W3C trace headers of the summary event that planned the post (the dispatcher continues that trace). */
  @Column('jsonb', { name: 'trace_headers', nullable: true })
  traceHeaders!: Record<string, string> | null;

  @Column('integer', { nullable: true })
  likes!: number | null;

  @Column('integer', { nullable: true })
  reposts!: number | null;

  @Column('integer', { nullable: true })
  replies!: number | null;

  /** Set once the post's outcome went into the experiment's variant stats. */
  @Column('timestamptz', { name: 'outcome_recorded_at', nullable: true })
  outcomeRecordedAt!: Date | null;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
