import { Router, type RequestHandler } from 'express';
import type { DataSource } from 'typeorm';
import type { Authenticator } from '../authenticator';
import type { TokenSigner } from '../token-signer';
import { registerApiKeyRoutes } from './api-key.routes';
import { ApiKeyStore } from './api-key.store';
import { registerTokenRoute } from './token.routes';

export interface ApiKeyRouterOptions {
  /** A DataSource with ApiKeyEntity registered and CreateApiKeys1764300000000 applied. */
  dataSource: DataSource;
  /** Undefined when the service has no private key: `POST /auth/token` answers 503. */
  signer: TokenSigner | undefined;
  /** Lifetime of issued tokens (capped by the key's own expiry). */
  tokenTtlSeconds: number;
  auth: Authenticator;
  /** The per-tenant limit for key management (the runtime's `rateLimit`). */
  rateLimit: RequestHandler;
  /** The limit of the token endpoint (keyed by client IP: there is no principal yet); `rateLimit` by default. */
  tokenRateLimit?: RequestHandler;
}

/**
 * The credential API, to mount under `/v1`: `POST /auth/token` (client credentials -> JWT),
 * `POST /api-keys`, `GET /api-keys`, `DELETE /api-keys/:id`.
 */
export function createApiKeyRouter({ dataSource, signer, tokenTtlSeconds, auth, rateLimit, tokenRateLimit }: ApiKeyRouterOptions): Router {
  const store = new ApiKeyStore(dataSource);
  const router = Router();
  registerTokenRoute(router, { store, signer, tokenTtlSeconds, rateLimit: tokenRateLimit ?? rateLimit });
  registerApiKeyRoutes(router, { store, auth, rateLimit });
  return router;
}
