import type { RequestHandler } from 'express';
import type { z } from 'zod';
import { validate } from '@pulse/http-kit';
import type { Authenticator } from '@pulse/auth';

/** What every route needs from the runtime: authentication, scopes and the rate limit. */
export interface RouteKit {
  auth: Authenticator;
  rateLimit: RequestHandler;
}

/**
 * validate({ query }) as a plain handler: its typed-query signature does not fit express's overloads
 * next to the spread auth middlewares, so handlers read the parsed query with a cast instead.
 */
export function validateQuery(schema: z.ZodType): RequestHandler {
  return validate({ query: schema }) as unknown as RequestHandler;
}
