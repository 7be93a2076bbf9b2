import type { Request, RequestHandler, Response } from 'express';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '@pulse/auth';
import { describeError, RateLimitedError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { kitStateOf } from './kit-state';
import { routeTemplateOf } from './request-context';

export interface RateLimitOptions {
  redis: Redis;
  /** Namespaces the Redis keys: one prefix per limit (e.g. `news:api`). */
  keyPrefix: string;
  /** Requests allowed per window, per tenant and route. */
  points: number;
  durationSeconds: number;
  /** Where the fail-open warning goes; the app's logger by default. */
  logger?: Logger;
}

const WARN_EVERY_MS = 10_000;

/**
 * A fixed-window limit per tenant (the principal's tenantId, else the client IP) and route
 * (method + route template), counted in Redis so every replica shares it. Answers IETF RateLimit-*
 * headers on every request and a 429 problem with Retry-After when exceeded.
 *
 * Fails open: when Redis is unavailable the request passes and a warning is logged (at most every
 * 10 s). A rate limiter exists to protect the API, and taking the whole API down because its
 * counter store is down would be the bigger outage.
 */
export function rateLimit({ redis, keyPrefix, points, durationSeconds, logger }: RateLimitOptions): RequestHandler {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    keyPrefix,
    points,
    duration: durationSeconds,
    // Without this a disconnected ioredis client queues the command and the request hangs.
    rejectIfRedisNotReady: true,
  });
  let lastWarning = 0;

  return (req, res, next) => {
    limiter.consume(keyOf(req)).then(
      (result) => {
        setHeaders(res, points, result);
        next();
      },
      (rejection: unknown) => {
        if (rejection instanceof RateLimiterRes) {
          setHeaders(res, points, rejection);
          return next(new RateLimitedError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000))));
        }
        if (Date.now() - lastWarning > WARN_EVERY_MS) {
          lastWarning = Date.now();
          const log = logger ?? kitStateOf(req.app)?.logger;
          log?.warn('rate limiter unavailable, letting requests through', { keyPrefix, error: describeError(rejection) });
        }
        next();
      },
    );
  };
}

function keyOf(req: Request): string {
  const principal: Principal | undefined = req.user;
  const who = principal?.tenantId ? `tenant:${principal.tenantId}` : `ip:${req.ip ?? 'unknown'}`;
  // Behind a route the template is known; used app-wide it falls back to the path.
  const route = routeTemplateOf(req) ?? `${req.baseUrl}${req.path}`;
  return `${who}:${req.method} ${route}`;
}

function setHeaders(res: Response, limit: number, result: RateLimiterRes): void {
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', String(Math.max(0, result.remainingPoints)));
  res.setHeader('RateLimit-Reset', String(Math.ceil(result.msBeforeNext / 1000)));
}
