import type { Request, Response } from 'express';
import { hasScopes, type Authenticator } from '@pulse/auth';
import { ForbiddenError, UnauthorizedError } from '@pulse/errors';
import type { Authenticate } from '../adapters/stream/principal';

/**
 * Verifies a bare JWT (the WebSocket upgrade's Bearer token) with the very authenticator the HTTP
 * routes use — same passport-jwt strategy, key, issuer, audience and algorithm — by running its
 * middleware on a request holding only that header; then checks the scopes.
 */
export function tokenAuthenticator(auth: Authenticator, requiredScopes: readonly string[]): Authenticate {
  return (token) =>
    new Promise((resolve, reject) => {
      const req = { headers: { authorization: `Bearer ${token}` } } as unknown as Request;
      auth.authenticate(req, {} as Response, (error?: unknown) => {
        if (error) return reject(error instanceof Error ? error : new UnauthorizedError());
        const user = req.user;
        if (!user) return reject(new UnauthorizedError());
        if (!hasScopes(user, requiredScopes)) return reject(new ForbiddenError(`This needs the scopes ${requiredScopes.join(', ')}`));
        resolve({ sub: user.sub, tenantId: user.tenantId, scopes: user.scopes });
      });
    });
}
