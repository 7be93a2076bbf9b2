import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ScoreBreakdown } from '../../domain/article-ranker';

/** One article of a tenant (exactly one per canonical URL or GUID, see dedupe_keys). */
@Entity({ name: 'articles' })
export class ArticleEntity {
  @PrimaryColumn('uuid')
  id!: string;

  /** Insertion order per database; the story index reads what is new since its last look. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  /** Null once the source is deleted (the article stays). */
  @Column('uuid', { name: 'source_id', nullable: true })
  sourceId!: string | null;

  @Column('text')
  niche!: string;

  @Column('text')
  url!: string;

  @Column('text', { name: 'canonical_url' })
  canonicalUrl!: string;

  @Column('text', { nullable: true })
  guid!: string | null;

  @Column('text')
  title!: string;

  @Column('text')
  lead!: string;

  @Column('text')
  content!: string;

  @Column('text', { nullable: true })
  language!: string | null;

  @Column('text', { nullable: true })
  author!: string | null;

  @Column('jsonb')
  keywords!: string[];

  @Column('timestamptz', { name: 'published_at' })
  publishedAt!: Date;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('double precision')
  score!: number;

  @Column('jsonb', { name: 'score_breakdown' })
  scoreBreakdown!: ScoreBreakdown;

  @Column('uuid', { name: 'cluster_id' })
  clusterId!: string;

  /** 64-bit SimHash of title + lead as a signed bigint (simhashToBigInt). */
  @Column('bigint')
  simhash!: string;

  /** Tombstone: set by DELETE; the dedupe keys stay so the article never comes back. */
  @Column('timestamptz', { name: 'deleted_at', nullable: true })
  deletedAt!: Date | null;
}
