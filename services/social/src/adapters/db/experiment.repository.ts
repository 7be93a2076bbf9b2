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

  /**
   * `ensure` for several experiments at once (a batch of summaries): one upsert and two reads,
   * keyed by "<tenant>\0<experiment id>".
   */
  async ensureAll(manager: EntityManager, specs: ReadonlyArray<{ tenantId: string; id: string; niche: string }>, variants: readonly string[]): Promise<Map<string, StoredExperiment>> {
    const found = new Map<string, StoredExperiment>();
    if (specs.length === 0) return found;
    const unique = [...new Map(specs.map((s) => [experimentKey(s.tenantId, s.id), s])).values()];
    const tenants = unique.map((s) => s.tenantId);
    const ids = unique.map((s) => s.id);
    await manager.query(
      `INSERT INTO experiments (tenant_id, id, niche, variants)
       SELECT t, i, n, $4::text[] FROM unnest($1::text[], $2::text[], $3::text[]) AS u(t, i, n)
       ON CONFLICT (tenant_id, id) DO NOTHING`,
      [tenants, ids, unique.map((s) => s.niche), variants],
    );
    const pairs = `(tenant_id, id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`;
    const experiments: Array<{ tenant_id: string; id: string; niche: string; variants: string[]; created_at: Date }> = await manager.query(
      `SELECT tenant_id, id, niche, variants, created_at FROM experiments WHERE ${pairs}`, [tenants, ids]);
    const stats: Array<{ tenant_id: string; experiment_id: string; variant: string; assignments: number; successes: number; failures: number }> = await manager.query(
      `SELECT tenant_id, experiment_id, variant, assignments, successes, failures FROM variant_stats
        WHERE (tenant_id, experiment_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`, [tenants, ids]);
    for (const e of experiments) {
      found.set(experimentKey(e.tenant_id, e.id), { id: e.id, niche: e.niche, variants: e.variants, createdAt: e.created_at, stats: [] });
    }
    for (const s of stats) {
      found.get(experimentKey(s.tenant_id, s.experiment_id))?.stats.push({ variant: s.variant, assignments: s.assignments, successes: s.successes, failures: s.failures });
    }
    return found;
  }

  /** Adds `count` assignments per (tenant, experiment, variant) in one upsert (rows must be distinct). */
  async recordAssignments(manager: EntityManager, rows: ReadonlyArray<{ tenantId: string; experimentId: string; variant: string; count: number }>): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO variant_stats (tenant_id, experiment_id, variant, assignments)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (tenant_id, experiment_id, variant) DO UPDATE SET assignments = variant_stats.assignments + EXCLUDED.assignments`,
      [rows.map((r) => r.tenantId), rows.map((r) => r.experimentId), rows.map((r) => r.variant), rows.map((r) => r.count)],
    );
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

/** The key of `ensureAll`'s answer. */
export function experimentKey(tenantId: string, experimentId: string): string {
  return `${tenantId}\u0000${experimentId}`;
}
