import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The identity keys of every article a tenant ever had (deleted ones included, as tombstones):
 * unique per (tenant, key hash), so inserting them decides "new or duplicate" atomically.
 */
@Entity({ name: 'dedupe_keys' })
export class DedupeKeyEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId!: string;

  /**
   * hashDedupeKey(key): fixed width, so long URLs fit the index. text, not char(32): a char column
   * compared with a text[] parameter cannot use the index (see DedupeKeyHashText1795483300000).
   */
  @PrimaryColumn('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('text')
  key!: string;

  @Column('uuid', { name: 'article_id' })
  articleId!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
