import type { Router } from 'express';
import { validate } from '@pulse/http-kit';
import { assertWebhookChannelUrl } from '../adapters/platforms/webhook-url-guard';
import { channelIdParams, channelView, createChannelBody, patchChannelBody } from './channel.schemas';
import { guard, tenantOf, type RouteDeps } from './route-deps';

/** `/v1/channels`: a tenant's accounts; credentials go in, never come out. */
export function channelRoutes(router: Router, deps: RouteDeps): void {
  const { dataSource, channels, posts } = deps;

  router.get('/channels', ...guard(deps, 'channels:read'), async (req, res) => {
    const tenantId = tenantOf(req);
    res.json({ items: (await channels.list(dataSource.manager, tenantId)).map(channelView) });
  });

  router.post('/channels', ...guard(deps, 'channels:write'), validate({ body: createChannelBody }), async (req, res) => {
    const tenantId = tenantOf(req);
    if (req.body.platform === 'webhook') await assertWebhookChannelUrl(req.body.credentials.url, deps.webhookUrlGuard);
    const channel = await channels.create(dataSource.manager, tenantId, req.body);
    res.status(201).location(`/v1/channels/${channel.id}`).json(channelView(channel));
  });

  router.get('/channels/:id', ...guard(deps, 'channels:read'), validate({ params: channelIdParams }), async (req, res) => {
    const tenantId = tenantOf(req);
    res.json(channelView(await channels.get(dataSource.manager, tenantId, req.params.id)));
  });

  router.patch('/channels/:id', ...guard(deps, 'channels:write'), validate({ params: channelIdParams, body: patchChannelBody }), async (req, res) => {
    const tenantId = tenantOf(req);
    if (req.body.credentials !== undefined) {
      // Checked before the update's transaction: a DNS lookup should not hold the row lock (the platform never changes).
      const current = await channels.get(dataSource.manager, tenantId, req.params.id);
      if (current.platform === 'webhook') await assertWebhookChannelUrl(req.body.credentials.url, deps.webhookUrlGuard);
    }
    const channel = await dataSource.transaction((manager) => channels.update(manager, tenantId, req.params.id, req.body));
    res.json(channelView(channel));
  });

  router.delete('/channels/:id', ...guard(deps, 'channels:write'), validate({ params: channelIdParams }), async (req, res) => {
    const tenantId = tenantOf(req);
    await dataSource.transaction(async (manager) => {
      await channels.get(manager, tenantId, req.params.id, { lock: true });
      await posts.failOpenPostsOfChannel(manager, req.params.id, 'channel-deleted', 'The channel was deleted before the post was sent');
      await channels.delete(manager, tenantId, req.params.id);
    });
    res.status(204).end();
  });
}
