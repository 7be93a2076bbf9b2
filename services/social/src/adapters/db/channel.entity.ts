import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Platform } from '../../domain/platform';
import type { PostingWindow } from '../../domain/posting-schedule';

export type ChannelStatus = 'active' | 'error';

/** A tenant's account on one platform; `credentials` holds the sealed (AES-256-GCM) JSON only. */
@Entity({ name: 'channels' })
@Index('channels_tenant_idx', ['tenantId', 'createdAt'])
export class ChannelEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text', { name: 'tenant_id' })
  tenantId!: string;

  @Column('text')
  platform!: Platform;

  @Column('text')
  name!: string;

  /** `v1:<keyId>:<iv>:<tag>:<ciphertext>`, bound to the channel id as associated data. */
  @Column('text')
  credentials!: string;

  @Column('text', { array: true })
  niches!: string[];

  @Column('jsonb', { name: 'posting_windows' })
  postingWindows!: PostingWindow[];

  @Column('text', { name: 'time_zone' })
  timeZone!: string;

  @Column('integer', { name: 'max_posts_per_hour' })
  maxPostsPerHour!: number;

  @Column('boolean', { name: 'auto_publish' })
  autoPublish!: boolean;

  @Column('boolean')
  enabled!: boolean;

  @Column('text')
  status!: ChannelStatus;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
