import type { EntityManager } from 'typeorm';
import type { Experiment, VariantStats } from '../../domain/variant-selection';
import { ExperimentEntity, VariantStatsEntity } from './experiment.entity';

export interface StoredExperiment extends Experiment {
  niche: string;
  createdAt: Date;
  stats: VariantStats[];
}

/** Experiments and their per-variant counters; increments are atomic upserts (safe across replicas). */
export class ExperimentRepository {
  /** Creates the experiment if missing and returns it with its stats. */
  async ensure(manager: EntityManager, tenantId: string, id: string, niche: string, variants: readonly string[]): Promise<StoredExperiment> {
    await manager.query(
      `INSERT INTO experiments (tenant_id, id, niche, variants) VALUES ($1, $2, $3, $4) ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenantId, id, niche, variants],
    );
    const experiment = await manager.findOneByOrFail(ExperimentEntity, { tenantId, id });
    return { id, niche: experiment.niche, variants: experiment.variants, createdAt: experiment.createdAt, stats: await this.stats(manager, tenantId, id) };
  }

  async list(manager: EntityManager, tenantId: string): Promise<StoredExperiment[]> {
    const experiments = await manager.find(ExperimentEntity, { where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
    const stats = await manager.find(VariantStatsEntity, { where: { tenantId } });
    return experiments.map((e) => ({
      id: e.id,
      niche: e.niche,
      variants: e.variants,
      createdAt: e.createdAt,
      stats: stats.filter((s) => s.experimentId === e.id).map(toStats),
    }));
  }

  async recordAssignment(manager: EntityManager, tenantId: string, experimentId: string, variant: string): Promise<void> {
    await manager.query(
      `INSERT INTO variant_stats (tenant_id, experiment_id, variant, assignments) VALUES ($1, $2, $3, 1)
       ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET assignments = variant_stats.assignments + 1`,
      [tenantId, experimentId, variant],
    );
  }

  async recordOutcome(manager: EntityManager, tenantId: string, experimentId: string, variant: string, outcome: 'success' | 'failure'): Promise<void> {
    const column = outcome === 'success' ? 'successes' : 'failures';
    await manager.query(
      `INSERT INTO variant_stats (tenant_id, experiment_id, variant, ${column}) VALUES ($1, $2, $3, 1)
       ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET ${column} = variant_stats.${column} + 1`,
      [tenantId, experimentId, variant],
    );
  }

  private async stats(manager: EntityManager, tenantId: string, experimentId: string): Promise<VariantStats[]> {
    return (await manager.find(VariantStatsEntity, { where: { tenantId, experimentId } })).map(toStats);
  }
}

function toStats(row: VariantStatsEntity): VariantStats {
  return { variant: row.variant, assignments: row.assignments, successes: row.successes, failures: row.failures };
}
