import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A tenant's A/B experiment over post variants (one per niche: `<niche>-default`). */
@Entity({ name: 'experiments' })
export class ExperimentEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  niche!: string;

  @Column('text', { array: true })
  variants!: string[];

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}

/** Assignments and engagement outcomes of one variant in one experiment. */
@Entity({ name: 'variant_stats' })
export class VariantStatsEntity {
  @PrimaryColumn('text', { name: 'tenant_id' })
  tenantId!: string;

  @PrimaryColumn('text', { name: 'experiment_id' })
  experimentId!: string;

  @PrimaryColumn('text')
  variant!: string;

  @Column('integer')
  assignments!: number;

  @Column('integer')
  successes!: number;

  @Column('integer')
  failures!: number;
}
