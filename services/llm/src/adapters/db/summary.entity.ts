import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { PostVariants, VerifiedFact } from '../../domain/summary.types';

/** One article's summary for one tenant (the row behind `article.summarized` and `GET /v1/summaries/:articleId`). */
@Entity({ name: 'summaries' })
@Index('summaries_tenant_article_uq', ['tenantId', 'articleId'], { unique: true })
export class SummaryEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @Column('text')
  niche!: string;

  @Column('text')
  title!: string;

  @Column('text')
  url!: string;

  @Column('text')
  summary!: string;

  /** The summary rewritten for the niche's audience. */
  @Column('text')
  tone!: string;

  @Column('jsonb')
  facts!: VerifiedFact[];

  @Column('double precision')
  confidence!: number;

  @Column('jsonb')
  variants!: PostVariants;

  @Column('jsonb')
  keywords!: string[];

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('text')
  model!: string;

  @Column('text', { name: 'prompt_version' })
  promptVersion!: string;

  @Column('boolean')
  truncated!: boolean;

  /** Served from the result cache (same content summarized before): cost nothing. */
  @Column('boolean')
  cached!: boolean;

  /** Why this summarizer was chosen (selected, no-api-key, token-budget-exhausted, circuit-open, forced). */
  @Column('text', { name: 'selection_reason' })
  selectionReason!: string;

  @Column('integer', { name: 'input_tokens' })
  inputTokens!: number;

  @Column('integer', { name: 'output_tokens' })
  outputTokens!: number;

  @Column('integer', { name: 'cache_read_tokens' })
  cacheReadTokens!: number;

  @Column('integer', { name: 'cache_write_tokens' })
  cacheWriteTokens!: number;

  /** numeric(20,9): pg returns it as a string; repositories convert. */
  @Column('numeric', { name: 'cost_usd', precision: 20, scale: 9 })
  costUsd!: string;

  @Column('timestamptz', { name: 'fetched_at' })
  fetchedAt!: Date;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
