import { createPublicKey } from 'node:crypto';
import type { RequestHandler } from 'express';
import passport from 'passport';
import { ExtractJwt, Strategy as JwtStrategy } from 'passport-jwt';
import { ForbiddenError, UnauthorizedError } from '@pulse/errors';
import { claimProblems, TOKEN_ALGORITHM, tokenClaimsSchema } from './claims';
import { hasScopes, type Principal } from './principal';

export interface AuthenticatorOptions {
  publicKeyPem: string;
  issuer: string;
  audience: string;
  /** Accepted clock skew between signer and verifier. */
  clockToleranceSeconds?: number;
}

export interface Authenticator {
  /** Verifies the bearer token and sets `req.user`; otherwise passes an UnauthorizedError on. */
  authenticate: RequestHandler;
  /** Passes a ForbiddenError on unless the principal holds every scope (or `admin`). */
  requireScopes(...scopes: string[]): RequestHandler;
}

const STRATEGY = 'pulse-jwt';

/**
 * Bearer-token authentication with passport-jwt. Only ES256 verifies, so `alg: none` and the
 * HS256-with-the-public-key confusion attack fail before any claim is read. Every failure becomes
 * an UnauthorizedError handed to `next`, so @pulse/http-kit answers it as problem+json.
 */
export function createAuthenticator({ publicKeyPem, issuer, audience, clockToleranceSeconds = 5 }: AuthenticatorOptions): Authenticator {
  // An Authenticator of our own rather than passport's global singleton: two apps in one process
  // (tests, or a service with an admin port) must not overwrite each other's strategy.
  const instance = new passport.Authenticator();
  instance.use(
    STRATEGY,
    new JwtStrategy(
      {
        jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
        // A KeyObject parsed once: given the PEM string, jsonwebtoken parses it again on every
        // verification, which was most of an authenticated request's CPU (bench/api.bench.ts).
        // passport-jwt hands it to jsonwebtoken as is; its types only name string | Buffer.
        secretOrKey: createPublicKey(publicKeyPem) as unknown as string,
        issuer,
        audience,
        algorithms: [TOKEN_ALGORITHM],
        jsonWebTokenOptions: { clockTolerance: clockToleranceSeconds },
      },
      (payload: unknown, done: (error: unknown, user?: Principal | false, info?: unknown) => void) => {
        const problems = claimProblems(payload);
        if (problems.length > 0) return done(null, false, new UnauthorizedError(`The bearer token lacks valid claims: ${problems.join('; ')}`));
        const claims = tokenClaimsSchema.parse(payload);
        done(null, { sub: claims.sub, tenantId: claims.tenantId, scopes: claims.scopes });
      },
    ),
  );

  const authenticate: RequestHandler = (req, res, next) => {
    const handler = instance.authenticate(STRATEGY, { session: false }, (error: unknown, user: Principal | false | undefined, info: unknown) => {
      if (error) return next(error);
      if (!user) return next(unauthorizedFrom(info));
      req.user = user;
      next();
    }) as RequestHandler;
    handler(req, res, next);
  };

  const requireScopes = (...scopes: string[]): RequestHandler => (req, _res, next) => {
    if (!req.user) return next(new UnauthorizedError());
    if (!hasScopes(req.user, scopes)) {
      const missing = scopes.filter((scope) => !req.user!.scopes.includes(scope));
      return next(new ForbiddenError(`This needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`));
    }
    next();
  };

  return { authenticate, requireScopes };
}

// passport-jwt hands over jsonwebtoken's errors (or "No auth token"); their messages name the
// failed check without revealing key material, so they are useful to a client.
function unauthorizedFrom(info: unknown): UnauthorizedError {
  if (info instanceof UnauthorizedError) return info;
  const name = (info as { name?: unknown } | null)?.name;
  const message = (info as { message?: unknown } | null)?.message;
  if (name === 'TokenExpiredError') return new UnauthorizedError('The bearer token has expired');
  if (name === 'NotBeforeError') return new UnauthorizedError('The bearer token is not valid yet');
  if (name === 'JsonWebTokenError' && typeof message === 'string') return new UnauthorizedError(`The bearer token is invalid: ${message}`);
  return new UnauthorizedError();
}
