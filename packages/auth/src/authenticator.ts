import { createPublicKey } from 'node:crypto';
import type { RequestHandler } from 'express';
import { LRUCache } from 'lru-cache';
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
  /**
   * How many verified tokens to remember (each until its `exp`), so a client's repeated requests
   * skip the ES256 verification; 0 verifies every request.
   */
  verifiedTokenCacheSize?: number;
}

export interface Authenticator {
  /** Verifies the bearer token and sets `req.user`; otherwise passes an UnauthorizedError on. */
  authenticate: RequestHandler;
  /** Passes a ForbiddenError on unless the principal holds every scope (or `admin`). */
  requireScopes(...scopes: string[]): RequestHandler;
}

const STRATEGY = 'pulse-jwt';
const bearerToken = ExtractJwt.fromAuthHeaderAsBearerToken();

/** What the verify callback hands on besides the principal: when the token expires. */
interface Verified {
  exp: number;
}

/**
 * Bearer-token authentication with passport-jwt. Only ES256 verifies, so `alg: none` and the
 * HS256-with-the-public-key confusion attack fail before any claim is read. Every failure becomes
 * an UnauthorizedError handed to `next`, so @pulse/http-kit answers it as problem+json.
 */
export function createAuthenticator({
  publicKeyPem, issuer, audience, clockToleranceSeconds = 5, verifiedTokenCacheSize = 10_000,
}: AuthenticatorOptions): Authenticator {
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
        const verified: Verified = { exp: claims.exp };
        done(null, { sub: claims.sub, tenantId: claims.tenantId, scopes: claims.scopes }, verified);
      },
    ),
  );

  // Verified tokens by their exact text (signature included, so only a token that verified can
  // match), each kept until its own `exp` at the latest: the signature, issuer, audience and claims
  // of a given token string never change, and past `exp` it is verified again (and refused).
  // ES256 verification was most of an authenticated request's CPU (bench/api.bench.ts).
  const verifiedTokens = verifiedTokenCacheSize > 0 ? new LRUCache<string, Principal>({ max: verifiedTokenCacheSize }) : undefined;

  const authenticate: RequestHandler = (req, res, next) => {
    const token = verifiedTokens ? bearerToken(req) : null;
    const known = token ? verifiedTokens!.get(token) : undefined;
    if (known) {
      req.user = { ...known, scopes: [...known.scopes] };
      return next();
    }
    const handler = instance.authenticate(STRATEGY, { session: false }, (error: unknown, user: Principal | false | undefined, info: unknown) => {
      if (error) return next(error);
      if (!user) return next(unauthorizedFrom(info));
      if (token) remember(token, user, info as Verified);
      req.user = user;
      next();
    }) as RequestHandler;
    handler(req, res, next);
  };

  function remember(token: string, user: Principal, { exp }: Verified): void {
    const ttl = exp * 1000 - Date.now();
    if (ttl > 0) verifiedTokens!.set(token, { ...user, scopes: [...user.scopes] }, { ttl });
  }

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
