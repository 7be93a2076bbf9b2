import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The identity keys of every article a tenant ever had (deleted ones included, as tombstones):
 * unique per (tenant, key hash), so inserting them decides "new or duplicate" atomically.
 */
@Entity({ name: 'dedupe_keys' })
export class DedupeKeyEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId!: string;

  /** hashDedupeKey(key): fixed width, so long URLs fit the index. */
  @PrimaryColumn('char', { name: 'key_hash', length: 32 })
  keyHash!: string;

  @Column('text')
  key!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
