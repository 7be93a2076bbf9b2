import type { Router } from 'express';
import { validate } from '@pulse/http-kit';
import { nextPostingSlot } from '../domain/posting-schedule';
import { encodeCursor, listPostsQuery, postIdParams, postView } from './post.schemas';
import { guard, tenantOf, type RouteDeps } from './route-deps';

const HOUR_MS = 3_600_000;

/** `/v1/posts`: list and inspect posts, approve drafts, retry failures. */
export function postRoutes(router: Router, deps: RouteDeps): void {
  const { dataSource, channels, posts } = deps;

  router.get('/posts', ...guard(deps, 'posts:read'), validate({ query: listPostsQuery }), async (req, res) => {
    const tenantId = tenantOf(req);
    const rows = await posts.list(dataSource.manager, tenantId, req.query);
    const page = rows.slice(0, req.query.limit);
    const last = page[page.length - 1];
    res.json({ items: page.map(postView), nextCursor: rows.length > req.query.limit && last !== undefined ? encodeCursor(last) : null });
  });

  router.get('/posts/:id', ...guard(deps, 'posts:read'), validate({ params: postIdParams }), async (req, res) => {
    const tenantId = tenantOf(req);
    res.json(postView(await posts.get(dataSource.manager, tenantId, req.params.id)));
  });

  // A draft goes to the next free slot of its channel (now, if the window is open and the rate allows).
  router.post('/posts/:id/approve', ...guard(deps, 'posts:write'), validate({ params: postIdParams }), async (req, res) => {
    const tenantId = tenantOf(req);
    const post = await dataSource.transaction(async (manager) => {
      const draft = await posts.get(manager, tenantId, req.params.id);
      const channel = await channels.get(manager, tenantId, draft.channelId, { lock: true });
      const now = new Date();
      const at = nextPostingSlot({
        now,
        timeZone: channel.timeZone,
        windows: channel.postingWindows,
        maxPostsPerHour: channel.maxPostsPerHour,
        taken: await posts.takenSlots(manager, channel.id, new Date(now.getTime() - HOUR_MS)),
      });
      return posts.schedule(manager, tenantId, req.params.id, ['draft'], at);
    });
    res.json(postView(post));
  });

  // Sends a failed post again now, with a fresh attempt budget;
  // the dispatcher checks the platform first, since the failure may have come after sending.
  router.post('/posts/:id/retry', ...guard(deps, 'posts:write'), validate({ params: postIdParams }), async (req, res) => {
    const tenantId = tenantOf(req);
    const post = await dataSource.transaction((manager) =>
      posts.schedule(manager, tenantId, req.params.id, ['failed'], new Date(), { attempts: 0, outcomeUnknown: true }));
    res.json(postView(post));
  });
}
