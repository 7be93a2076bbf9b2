import type { RequestHandler, Router } from 'express';
import { ForbiddenError, NotFoundError } from '@pulse/errors';
import type { Authenticator } from '../authenticator';
import { ADMIN_SCOPE, principalOf } from '../principal';
import { apiKeyIdParams, createApiKeyBody, parseRequestPart } from './api-key.schemas';
import type { ApiKeyStore, ApiKeyView } from './api-key.store';

/** Scope to create and revoke keys (`admin` also does). */
export const KEYS_WRITE_SCOPE = 'keys:write';
/** Scope to list keys (`admin` also does). */
export const KEYS_READ_SCOPE = 'keys:read';

export interface ApiKeyRoutesOptions {
  store: ApiKeyStore;
  auth: Authenticator;
  rateLimit: RequestHandler;
}

/** `/api-keys`: create (secret shown once), list, revoke, always within the caller's tenant. */
export function registerApiKeyRoutes(router: Router, { store, auth, rateLimit }: ApiKeyRoutesOptions): void {
  const read = [auth.authenticate, auth.requireScopes(KEYS_READ_SCOPE), rateLimit];
  const write = [auth.authenticate, auth.requireScopes(KEYS_WRITE_SCOPE), rateLimit];

  router.post('/api-keys', ...write, async (req, res) => {
    const principal = principalOf(req);
    const body = parseRequestPart(createApiKeyBody, req.body, 'body');
    // No escalation: a key holds at most what its creator holds (an admin may grant anything).
    if (!principal.scopes.includes(ADMIN_SCOPE)) {
      const notHeld = body.scopes.filter((scope) => !principal.scopes.includes(scope));
      if (notHeld.length > 0) throw new ForbiddenError(`A key cannot be given scopes its creator lacks: ${notHeld.join(', ')}`);
    }
    const { key, secret } = await store.create({ tenantId: principal.tenantId, name: body.name, scopes: body.scopes, expiresAt: body.expiresAt });
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json({ ...apiKeyJson(key), secret });
  });

  router.get('/api-keys', ...read, async (req, res) => {
    const { tenantId } = principalOf(req);
    res.json({ items: (await store.list(tenantId)).map(apiKeyJson) });
  });

  router.delete('/api-keys/:id', ...write, async (req, res) => {
    const { tenantId } = principalOf(req);
    const { id } = parseRequestPart(apiKeyIdParams, req.params, 'params');
    if (!(await store.revoke(tenantId, id))) throw new NotFoundError('API key', id);
    res.status(204).end();
  });
}

/** The public shape of a key: `id` doubles as the OAuth `client_id`; never the hash or the secret. */
export function apiKeyJson(key: ApiKeyView) {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    expiresAt: key.expiresAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}
