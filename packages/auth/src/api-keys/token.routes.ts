import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import type { TokenSigner } from '../token-signer';
import type { ApiKeyStore } from './api-key.store';
import { parseClientCredentials, type OAuthFailure } from './client-credentials';

export interface TokenRouteOptions {
  store: ApiKeyStore;
  /** Undefined: the service has no private key, and the endpoint answers 503. */
  signer: TokenSigner | undefined;
  tokenTtlSeconds: number;
  rateLimit: RequestHandler;
}

/** Subject of tokens issued for an API key: audit logs tell them from operator and user tokens. */
export const apiKeySubject = (keyId: string) => `api-key:${keyId}`;

/**
 * `POST /auth/token`: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4) with an API key as
 * the client secret. Errors are RFC 6749 §5.2 JSON (`{ error, error_description }`), not
 * problem+json: OAuth client libraries parse exactly that shape on this endpoint.
 */
export function registerTokenRoute(router: Router, { store, signer, tokenTtlSeconds, rateLimit }: TokenRouteOptions): void {
  // The runtime's app parses JSON only; OAuth clients send application/x-www-form-urlencoded.
  const formBody = express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 });

  router.post('/auth/token', rateLimit, formBody, async (req, res) => {
    // RFC 6749 §5.1: token responses, including errors, must not be cached.
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Pragma', 'no-cache');
    if (!signer) return notConfigured(req, res);

    const parsed = parseClientCredentials(req.get('authorization'), req.body);
    if (!parsed.ok) return oauthError(res, parsed.failure);
    const { clientId, clientSecret, scopes: requested } = parsed.request;

    const check = await store.authenticate(clientId, clientSecret);
    // One answer for unknown, wrong, revoked and expired keys: none of them tells an attacker more.
    if (!check.ok) return oauthError(res, { error: 'invalid_client', description: 'Client authentication failed' });
    const { key } = check;

    const notHeld = (requested ?? []).filter((scope) => !key.scopes.includes(scope));
    if (notHeld.length > 0) return oauthError(res, { error: 'invalid_scope', description: `The key does not hold: ${notHeld.join(' ')}` });
    const scopes = requested ?? key.scopes;

    // A token never outlives its key.
    const untilExpiry = key.expiresAt ? Math.floor((key.expiresAt.getTime() - Date.now()) / 1000) : Infinity;
    const ttlSeconds = Math.max(1, Math.min(tokenTtlSeconds, untilExpiry));
    const accessToken = await signer.sign({ sub: apiKeySubject(key.id), tenantId: key.tenantId, scopes, ttlSeconds });
    res.json({ access_token: accessToken, token_type: 'Bearer', expires_in: ttlSeconds, scope: scopes.join(' ') });
  });
}

function oauthError(res: Response, { error, description }: OAuthFailure): void {
  // §5.2: invalid_client is 401 with a challenge, every other error 400.
  const status = error === 'invalid_client' ? 401 : 400;
  // Basic is the scheme a client should use even when it sent body parameters (§2.3.1).
  if (status === 401) res.setHeader('WWW-Authenticate', 'Basic realm="pulse", charset="UTF-8"');
  res.status(status).json({ error, error_description: description });
}

// Written here rather than thrown: the kit hides 5xx details behind a generic sentence, and an
// operator needs to read that the deployment lacks its signing key, which is not a transient fault.
function notConfigured(req: Request, res: Response): void {
  res.status(503).type('application/problem+json').send(JSON.stringify({
    type: 'urn:pulse:problem:token-issuing-not-configured',
    title: 'Service Unavailable',
    status: 503,
    detail: 'Token issuing is not configured: this deployment has no JWT_PRIVATE_KEY',
    instance: req.originalUrl,
    code: 'token-issuing-not-configured',
    ...(typeof res.getHeader('X-Request-Id') === 'string' ? { requestId: res.getHeader('X-Request-Id') } : {}),
  }));
}
