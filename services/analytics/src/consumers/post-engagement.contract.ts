import { z } from 'zod';
import type { AnyEvent, EventContract } from '@pulse/contracts';
import type { PostEngagementEvent } from '../domain/analytics-event';

const count = () => z.number().int().min(0);
const time = () => z.iso.datetime({ offset: true });

const postEngagementSchema = z.object({
  specversion: z.literal('1.0'),
  id: z.uuid(),
  type: z.literal('post.engagement'),
  version: z.literal(1),
  source: z.string().min(1),
  time: time(),
  tenantId: z.string().min(1),
  datacontenttype: z.literal('application/json').optional(),
  data: z.object({
    postId: z.uuid(),
    articleId: z.uuid(),
    channelId: z.string().min(1),
    platform: z.string().min(1),
    niche: z.string().min(1).max(64),
    variant: z.string().min(1).optional(),
    experimentId: z.string().min(1).optional(),
    likes: count(),
    reposts: count(),
    replies: count(),
    impressions: count().optional(),
    measuredAt: time(),
  }),
});

/**
 * The optional `post.engagement` topic (see PostEngagementEvent). @pulse/contracts does not define
 * it yet, so analytics validates it with its own schema; the bus types contracts by the three
 * pipeline events, hence the one cast here.
 */
export function postEngagementContract(topic: string): EventContract<AnyEvent> {
  const contract = {
    topic,
    type: 'post.engagement',
    version: 1,
    validate(value: unknown) {
      const parsed = postEngagementSchema.safeParse(value);
      if (parsed.success) return { ok: true as const, value: parsed.data as PostEngagementEvent };
      return { ok: false as const, errors: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`) };
    },
    keyOf: (event: PostEngagementEvent) => event.data.articleId,
  };
  return contract as unknown as EventContract<AnyEvent>;
}
