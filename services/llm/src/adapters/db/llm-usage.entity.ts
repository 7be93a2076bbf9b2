import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Tokens and cost of one pipeline stage of one article (or of one ad-hoc HTTP summary). */
@Entity({ name: 'llm_usage' })
@Index('llm_usage_tenant_niche_at_idx', ['tenantId', 'niche', 'at'])
export class LlmUsageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  niche!: string;

  /** Null for ad-hoc text summarized through `POST /v1/summaries`. */
  @Column('uuid', { name: 'article_id', nullable: true })
  articleId!: string | null;

  @Column('text')
  stage!: string;

  @Column('text')
  model!: string;

  /** API calls made for the stage (retries and repairs included). */
  @Column('integer')
  calls!: number;

  @Column('integer', { name: 'input_tokens' })
  inputTokens!: number;

  @Column('integer', { name: 'output_tokens' })
  outputTokens!: number;

  @Column('integer', { name: 'cache_read_tokens' })
  cacheReadTokens!: number;

  @Column('integer', { name: 'cache_write_tokens' })
  cacheWriteTokens!: number;

  @Column('numeric', { name: 'cost_usd', precision: 20, scale: 9 })
  costUsd!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}
