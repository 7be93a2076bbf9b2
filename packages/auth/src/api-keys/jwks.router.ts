import { Router, type RequestHandler } from 'express';
import type { Jwks } from '../keys';

/** `GET /.well-known/jwks.json`: the public key(s) verifiers use (mount at the root, not under /v1). */
export function createJwksRouter({ jwks, rateLimit }: { jwks: Jwks; rateLimit?: RequestHandler }): Router {
  const router = Router();
  const body = JSON.stringify(jwks);
  router.get('/.well-known/jwks.json', ...(rateLimit ? [rateLimit] : []), (_req, res) => {
    // Verifiers fetch it at start or on an unknown kid; five minutes bounds how long a rotation takes to be seen.
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.type('application/json').send(body);
  });
  return router;
}
