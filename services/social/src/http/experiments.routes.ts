import type { Router } from 'express';
import { experimentResults } from '../domain/variant-selection';
import { guard, tenantOf, type RouteDeps } from './route-deps';

/** `/v1/experiments`: each experiment with per-variant assignments, outcomes and posteriors. */
export function experimentRoutes(router: Router, deps: RouteDeps): void {
  router.get('/experiments', ...guard(deps, 'posts:read'), async (req, res) => {
    const tenantId = tenantOf(req);
    const experiments = await deps.experiments.list(deps.dataSource.manager, tenantId);
    res.json({
      items: experiments.map((experiment) => ({
        id: experiment.id,
        niche: experiment.niche,
        createdAt: experiment.createdAt.toISOString(),
        variants: experimentResults(experiment, experiment.stats, deps.rng),
      })),
    });
  });
}
