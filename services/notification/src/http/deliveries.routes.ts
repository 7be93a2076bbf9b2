import type { RequestHandler, Router } from 'express';
import type { Authenticator } from '@pulse/auth';
import { principalOf } from '@pulse/auth';
import { ConflictError, NotFoundError } from '@pulse/errors';
import { validate } from '@pulse/http-kit';
import type { DeliveryRepository, DeliveryStatus, SubscriptionRepository } from '../adapters/db';
import { deliveriesQuery, deliveryParams, deliveryView, subscriptionParams } from './webhook.schemas';

export interface DeliveryRoutesDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  subscriptions: SubscriptionRepository;
  deliveries: DeliveryRepository;
  /** Wakes the dispatcher so a redelivery goes out now rather than at the next poll. */
  onRedeliver: () => void;
}

/** The delivery log of a subscription and manual redelivery. */
export function deliveryRoutes(router: Router, { auth, rateLimit, subscriptions, deliveries, onRedeliver }: DeliveryRoutesDeps): void {
  router.get(
    '/webhooks/:id/deliveries',
    auth.authenticate,
    auth.requireScopes('webhooks:read'),
    rateLimit,
    validate({ params: subscriptionParams }),
    // Typed apart: express's overloads cannot carry a parsed query type through the handler chain.
    validate({ query: deliveriesQuery }) as unknown as RequestHandler,
    async (req, res) => {
      const { tenantId } = principalOf(req);
      const subscription = await subscriptions.get(tenantId, req.params.id);
      if (!subscription) throw new NotFoundError('Webhook subscription', req.params.id);
      const query = req.query as unknown as { status?: DeliveryStatus; limit: number };
      const rows = await deliveries.listForSubscription(tenantId, subscription.id, query);
      const attempts = await deliveries.attemptsOf(rows.map((row) => row.id));
      res.json({ items: rows.map((row) => deliveryView(row, attempts.get(row.id))) });
    },
  );

  router.post(
    '/webhooks/:id/deliveries/:deliveryId/redeliver',
    auth.authenticate,
    auth.requireScopes('webhooks:write'),
    rateLimit,
    validate({ params: deliveryParams }),
    async (req, res) => {
      const { tenantId } = principalOf(req);
      const subscription = await subscriptions.get(tenantId, req.params.id);
      if (!subscription) throw new NotFoundError('Webhook subscription', req.params.id);
      if (!subscription.enabled) throw new ConflictError(`Webhook subscription ${subscription.id} is disabled (${subscription.disabledReason ?? 'unknown reason'})`);
      const delivery = await deliveries.redeliver(tenantId, subscription.id, req.params.deliveryId);
      if (!delivery) throw new NotFoundError('Webhook delivery', req.params.deliveryId);
      onRedeliver();
      res.status(202).json(deliveryView(delivery));
    },
  );
}
