import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** X-Request-Id of this request (taken from the caller when well-formed, else generated). */
      requestId?: string;
    }
  }
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const TEMPLATE = Symbol('pulse.routeTemplate');
type WithTemplate = Request & { [TEMPLATE]?: string };

/**
 * Gives each request an id (echoed in X-Request-Id) and records the matched route template.
 *
 * The router assigns `req.route` when a route matches, while `req.baseUrl` still holds the mount
 * path; by the time the response finishes (or an error reaches the handler) the router may have
 * reset baseUrl. Catching the assignment keeps the full template (`/api/v1/articles/:id`) for
 * metric labels, span names and rate-limit keys, never the raw path with ids in it.
 */
export const requestContext: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  req.requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', req.requestId);

  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown } | undefined) => {
      route = value;
      if (value?.path !== undefined) (req as WithTemplate)[TEMPLATE] = joinPaths(req.baseUrl, String(value.path));
    },
  });
  next();
};

/** The matched route template, or undefined when no route matched (yet). */
export function routeTemplateOf(req: Request): string | undefined {
  return (req as WithTemplate)[TEMPLATE];
}

function joinPaths(base: string, path: string): string {
  const joined = `${base}${path === '/' ? '' : path}`;
  return joined === '' ? '/' : joined;
}
