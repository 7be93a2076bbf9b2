import type { Router } from 'express';
import { channelRoutes } from './channels.routes';
import { experimentRoutes } from './experiments.routes';
import { postRoutes } from './posts.routes';
import type { RouteDeps } from './route-deps';

export type { RouteDeps } from './route-deps';

/** All public routes of the social service (mounted at /v1). */
export function socialRoutes(deps: RouteDeps): (router: Router) => void {
  return (router) => {
    channelRoutes(router, deps);
    postRoutes(router, deps);
    experimentRoutes(router, deps);
  };
}
