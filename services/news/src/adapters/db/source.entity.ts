import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A tenant's feed subscription and its fetch health. */
@Entity({ name: 'sources' })
@Index('sources_tenant_url_uq', ['tenantId', 'url'], { unique: true })
export class SourceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  url!: string;

  /** Display name (OPML title, or the feed's own title once fetched). */
  @Column('text', { nullable: true })
  title!: string | null;

  @Column('text')
  niche!: string;

  @Column('double precision', { name: 'authority_weight' })
  authorityWeight!: number;

  /** Null: the service default (DEFAULT_POLL_INTERVAL_SECONDS). Also the upper bound of the adaptive interval. */
  @Column('integer', { name: 'poll_interval_seconds', nullable: true })
  pollIntervalSeconds!: number | null;

  @Column('boolean')
  enabled!: boolean;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('text', { name: 'basic_auth_username', nullable: true })
  basicAuthUsername!: string | null;

  /** AES-256-GCM sealed password (see source-credentials.ts, @pulse/secret-box); never returned by the API. */
  @Column('text', { name: 'basic_auth_secret', nullable: true })
  basicAuthSecret!: string | null;

  @Column('text', { name: 'user_agent', nullable: true })
  userAgent!: string | null;

  @Column('boolean', { name: 'fetch_full_article' })
  fetchFullArticle!: boolean;

  @Column('text', { nullable: true })
  etag!: string | null;

  @Column('text', { name: 'last_modified', nullable: true })
  lastModified!: string | null;

  @Column('timestamptz', { name: 'last_fetched_at', nullable: true })
  lastFetchedAt!: Date | null;

  @Column('timestamptz', { name: 'last_success_at', nullable: true })
  lastSuccessAt!: Date | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'last_error_at', nullable: true })
  lastErrorAt!: Date | null;

  @Column('integer', { name: 'consecutive_failures' })
  consecutiveFailures!: number;

  /** The interval chosen after the last success (adaptive), for the health view. */
  @Column('integer', { name: 'effective_interval_seconds', nullable: true })
  effectiveIntervalSeconds!: number | null;

  @Column('timestamptz', { name: 'next_fetch_at' })
  nextFetchAt!: Date;

  @Column('integer', { name: 'items_seen' })
  itemsSeen!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
