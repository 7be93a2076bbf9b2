import type { AnalyticsEvent } from './analytics-event';

/**
 * The current state of one published post as analytics knows it: where and when it went out
 * (from `post.published`) and its newest engagement measurement (from `post.engagement`).
 * Either event may arrive first; merging is order-independent, so redelivery and reordering
 * converge on the same row.
 */
export interface PostOutcome {
  tenantId: string;
  postId: string;
  articleId: string;
  channelId: string;
  platform: string;
  niche: string;
  variant: string | null;
  experimentId: string | null;
  publishedAt: Date | null;
  likes: number | null;
  reposts: number | null;
  replies: number | null;
  impressions: number | null;
  measuredAt: Date | null;
}

/** The outcome update an event carries, or null for events that are not about a post. */
export function toPostOutcome(event: AnalyticsEvent): PostOutcome | null {
  if (event.type !== 'post.published' && event.type !== 'post.engagement') return null;
  const d = event.data;
  const base = {
    tenantId: event.tenantId,
    postId: d.postId,
    articleId: d.articleId,
    channelId: d.channelId,
    platform: d.platform,
    niche: d.niche,
    variant: d.variant ?? null,
    experimentId: d.experimentId ?? null,
  };
  if (event.type === 'post.published') {
    return { ...base, publishedAt: new Date(event.data.publishedAt), likes: null, reposts: null, replies: null, impressions: null, measuredAt: null };
  }
  const e = event.data;
  return {
    ...base,
    publishedAt: null,
    likes: e.likes,
    reposts: e.reposts,
    replies: e.replies,
    impressions: e.impressions ?? null,
    measuredAt: new Date(e.measuredAt),
  };
}

/**
 * Merges `next` into `current` the way the database upsert does: descriptive fields keep the
 * first known value, the publish time keeps the earliest, counters come from the newest measurement.
 */
export function mergePostOutcome(current: PostOutcome, next: PostOutcome): PostOutcome {
  const newer = next.measuredAt !== null && (current.measuredAt === null || next.measuredAt > current.measuredAt);
  const counters = newer ? next : current;
  return {
    ...current,
    variant: current.variant ?? next.variant,
    experimentId: current.experimentId ?? next.experimentId,
    publishedAt: earliest(current.publishedAt, next.publishedAt),
    likes: counters.likes,
    reposts: counters.reposts,
    replies: counters.replies,
    impressions: counters.impressions,
    measuredAt: counters.measuredAt,
  };
}

/** One outcome per (tenant, post): a single upsert statement may not touch a row twice. */
export function collapsePostOutcomes(outcomes: readonly PostOutcome[]): PostOutcome[] {
  const byPost = new Map<string, PostOutcome>();
  for (const outcome of outcomes) {
    const key = `${outcome.tenantId}\u0000${outcome.postId}`;
    const current = byPost.get(key);
    byPost.set(key, current === undefined ? outcome : mergePostOutcome(current, outcome));
  }
  return [...byPost.values()];
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (a === null) return b;
  if (b === null) return a;
  return a <= b ? a : b;
}
