import { randomBytes } from 'node:crypto';
import type { RequestHandler, Router } from 'express';
import type { Authenticator } from '@pulse/auth';
import { principalOf } from '@pulse/auth';
import { NotFoundError, PulseError, ValidationError, describeError } from '@pulse/errors';
import { validate } from '@pulse/http-kit';
import { assertPublicDestination, SsrfGuard } from '@pulse/safe-http';
import type { SecretCipher, SubscriptionRepository } from '../adapters/db';
import { createSubscriptionBody, subscriptionParams, subscriptionView } from './webhook.schemas';

export interface WebhookRoutesDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  subscriptions: SubscriptionRepository;
  cipher: SecretCipher;
  /** SSRF exceptions (WEBHOOK_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
}

/** `POST/GET/DELETE /v1/webhooks`: a tenant's webhook subscriptions (scopes webhooks:write / webhooks:read). */
export function webhookRoutes(router: Router, { auth, rateLimit, subscriptions, cipher, allowedHosts }: WebhookRoutesDeps): void {
  const read = [auth.authenticate, auth.requireScopes('webhooks:read'), rateLimit];
  const write = [auth.authenticate, auth.requireScopes('webhooks:write'), rateLimit];
  const guard = new SsrfGuard({ allow: allowedHosts });

  router.post('/webhooks', ...write, validate({ body: createSubscriptionBody }), async (req, res) => {
    const { tenantId } = principalOf(req);
    await assertAllowedUrl(req.body.url, guard);
    const secret = req.body.secret ?? `whsec_${randomBytes(32).toString('base64url')}`;
    const row = await subscriptions.create({
      tenantId,
      url: req.body.url,
      events: req.body.events,
      niches: req.body.niches,
      secretSealed: cipher.seal(secret),
      digestWindowSeconds: req.body.digest?.windowSeconds ?? null,
    });
    // The only time the secret leaves the service: the receiver needs it to verify signatures.
    res.status(201).location(`/v1/webhooks/${row.id}`).json({ ...subscriptionView(row), secret });
  });

  router.get('/webhooks', ...read, async (req, res) => {
    const rows = await subscriptions.list(principalOf(req).tenantId);
    res.json({ items: rows.map(subscriptionView) });
  });

  router.get('/webhooks/:id', ...read, validate({ params: subscriptionParams }), async (req, res) => {
    const row = await subscriptions.get(principalOf(req).tenantId, req.params.id);
    if (!row) throw new NotFoundError('Webhook subscription', req.params.id);
    res.json(subscriptionView(row));
  });

  router.delete('/webhooks/:id', ...write, validate({ params: subscriptionParams }), async (req, res) => {
    const deleted = await subscriptions.delete(principalOf(req).tenantId, req.params.id);
    if (!deleted) throw new NotFoundError('Webhook subscription', req.params.id);
    res.status(204).end();
  });
}

/** The SSRF check at creation (deliveries check again on every attempt: DNS answers change). */
async function assertAllowedUrl(url: string, guard: SsrfGuard): Promise<void> {
  try {
    await assertPublicDestination(url, guard);
  } catch (error) {
    const why = error instanceof PulseError ? error.message : describeError(error);
    throw new ValidationError('The webhook URL is not allowed', [`body.url: ${why}`]);
  }
}
