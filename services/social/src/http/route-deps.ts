import type { Request, RequestHandler } from 'express';
import { principalOf } from '@pulse/auth';
import type { DataSource } from 'typeorm';
import type { Authenticator } from '@pulse/auth';
import type { ChannelRepository, ExperimentRepository, PostRepository } from '../adapters/db';
import type { WebhookUrlGuard } from '../adapters/platforms/webhook-url-guard';
import type { Rng } from '../domain/rng';

/** What the HTTP routes need. */
export interface RouteDeps {
  dataSource: DataSource;
  auth: Authenticator;
  rateLimit: RequestHandler;
  channels: ChannelRepository;
  posts: PostRepository;
  experiments: ExperimentRepository;
  rng: Rng;
  /** Checks a webhook channel's URL when it is set (SSRF, scheme, no credentials in it). */
  webhookUrlGuard: WebhookUrlGuard;
}

/**
 * authenticate -> scopes -> per-tenant rate limit, in front of every route. Typed loosely so the
 * route's `validate(...)` decides the request types of the handler after it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function guard(deps: RouteDeps, ...scopes: string[]): Array<RequestHandler<any, any, any, any>> {
  return [deps.auth.authenticate, deps.auth.requireScopes(...scopes), deps.rateLimit];
}

/**
 * The caller's tenant: scopes EVERY query. Takes any request shape, because `validate(...)`
 * retypes query/params in ways principalOf's plain Request does not accept.
 */
export function tenantOf(req: { user?: Express.User }): string {
  return principalOf(req as Request).tenantId;
}
