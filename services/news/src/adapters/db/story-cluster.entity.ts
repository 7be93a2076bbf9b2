import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A story told by several outlets; its id is the first article's id. */
@Entity({ name: 'story_clusters' })
export class StoryClusterEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('integer')
  size!: number;

  @Column('timestamptz', { name: 'first_seen_at' })
  firstSeenAt!: Date;

  @Column('timestamptz', { name: 'last_seen_at' })
  lastSeenAt!: Date;
}
