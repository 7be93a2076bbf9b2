import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ArticleSummarizedEvent } from '@pulse/contracts';
import { describeError, PulseError } from '@pulse/errors';
import { activeTraceHeaders } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import type { ChannelEntity, ChannelRepository, ComposedExtras, ExperimentRepository, PostRepository } from '../adapters/db';
import { PostEntity } from '../adapters/db';
import { composePost, type ComposedPost } from '../domain/post-composer';
import { planPublication, type PublicationPlan } from '../domain/posting-schedule';
import type { Rng } from '../domain/seeded-rng';
import { assignVariant, VARIANT_KINDS } from '../domain/variant-selection';
import type { SocialMetrics } from '../social-metrics';

export interface PostPlannerDeps {
  channels: ChannelRepository;
  posts: PostRepository;
  experiments: ExperimentRepository;
  metrics: SocialMetrics;
  logger: Logger;
  rng: Rng;
  now?: () => Date;
}

const HOUR_MS = 3_600_000;

/** The experiment every niche runs by default (post.published allows 64 characters). */
export function defaultExperimentId(niche: string): string {
  return `${niche.slice(0, 56)}-default`;
}

/** The idempotency key of the post of an article on a channel: the same on every retry. */
export function idempotencyKeyOf(articleId: string, channelId: string): string {
  return `${articleId}:${channelId}`;
}

/**
 * Creates one post per enabled channel of the tenant that follows the article's niche: picks the
 * text variant for the niche's experiment, composes it for the platform, and plans it (draft,
 * now, or the next free slot). Runs inside the consumer's inbox transaction; an article that
 * already has a post on a channel gets no second one. A post that cannot be composed or
 * scheduled is kept as 'failed' with the reason, so nothing disappears silently.
 */
export async function planArticlePosts(manager: EntityManager, event: ArticleSummarizedEvent, deps: PostPlannerDeps): Promise<PostEntity[]> {
  const channels = await deps.channels.subscribedTo(manager, event.tenantId, event.data.niche);
  const created: PostEntity[] = [];
  for (const channel of channels) {
    const post = await planForChannel(manager, event, channel, deps);
    if (await deps.posts.insert(manager, post)) {
      created.push(post);
      if (post.variant !== null && post.experimentId !== null) {
        await deps.experiments.recordAssignment(manager, event.tenantId, post.experimentId, post.variant);
      }
      deps.metrics.planned.inc({ platform: post.platform, plan: post.status === 'failed' ? 'failed' : planLabel(post) });
    }
  }
  return created;
}

async function planForChannel(manager: EntityManager, event: ArticleSummarizedEvent, channel: ChannelEntity, deps: PostPlannerDeps): Promise<PostEntity> {
  const { data } = event;
  const now = deps.now?.() ?? new Date();
  const { text, variant, experimentId } = await chooseText(manager, event, deps);
  const post = basePost(event, channel, now, text, variant, experimentId);
  let composed: ComposedPost;
  let plan: PublicationPlan;
  try {
    composed = composePost({ platform: channel.platform, text, articleUrl: data.url, niche: data.niche, keywords: data.keywords ?? [] });
    const taken = await deps.posts.takenSlots(manager, channel.id, new Date(now.getTime() - HOUR_MS));
    plan = planPublication({
      autoPublish: channel.autoPublish,
      now,
      timeZone: channel.timeZone,
      windows: channel.postingWindows,
      maxPostsPerHour: channel.maxPostsPerHour,
      taken,
    });
  } catch (error) {
    if (!(error instanceof PulseError) || error.retriable) throw error;
    deps.logger.warn('post could not be planned', { tenantId: event.tenantId, articleId: data.articleId, channelId: channel.id, error: describeError(error) });
    return Object.assign(post, { status: 'failed' as const, errorCode: error.code, errorReason: error.message });
  }
  Object.assign(post, { text: composed.text, composed: extrasOf(composed) });
  if (plan.kind === 'draft') return Object.assign(post, { status: 'draft' as const });
  return Object.assign(post, { status: 'scheduled' as const, scheduledAt: plan.at, nextAttemptAt: plan.at });
}

async function chooseText(manager: EntityManager, event: ArticleSummarizedEvent, deps: PostPlannerDeps) {
  const { data } = event;
  const offered = VARIANT_KINDS.filter((kind) => typeof data.variants[kind] === 'string' && (data.variants[kind] ?? '').trim() !== '');
  if (offered.length === 0) return { text: data.summary, variant: null, experimentId: null };
  const experimentId = defaultExperimentId(data.niche);
  const experiment = await deps.experiments.ensure(manager, event.tenantId, experimentId, data.niche, VARIANT_KINDS);
  const variant = assignVariant(experiment, experiment.stats, deps.rng, offered);
  return { text: data.variants[variant] ?? data.summary, variant, experimentId };
}

function basePost(event: ArticleSummarizedEvent, channel: ChannelEntity, now: Date, text: string, variant: string | null, experimentId: string | null): PostEntity {
  const { data } = event;
  return Object.assign(new PostEntity(), {
    id: randomUUID(),
    tenantId: event.tenantId,
    articleId: data.articleId,
    channelId: channel.id,
    platform: channel.platform,
    niche: data.niche,
    text,
    composed: { length: 0, maxLength: null, truncated: false, hashtags: [], link: null, entities: [] } satisfies ComposedExtras,
    language: data.language ?? null,
    articleTitle: data.title,
    variant,
    experimentId,
    status: 'failed',
    scheduledAt: null,
    attempts: 0,
    nextAttemptAt: null,
    outcomeUnknown: false,
    idempotencyKey: idempotencyKeyOf(data.articleId, channel.id),
    remoteId: null,
    remoteUrl: null,
    errorCode: null,
    errorReason: null,
    createdAt: now,
    publishedAt: null,
    fetchedAt: new Date(data.fetchedAt),
    summarizedAt: new Date(data.summarizedAt),
    // Planned inside the consumer's span: the dispatcher continues this trace when it publishes.
    traceHeaders: activeTraceHeaders(),
    likes: null,
    reposts: null,
    replies: null,
    outcomeRecordedAt: null,
    updatedAt: now,
  } satisfies Partial<PostEntity>);
}

function extrasOf(composed: ComposedPost): ComposedExtras {
  return {
    length: composed.length,
    maxLength: composed.maxLength ?? null,
    truncated: composed.truncated,
    hashtags: composed.hashtags,
    link: composed.link ?? null,
    entities: composed.entities,
  };
}

function planLabel(post: PostEntity): string {
  if (post.status === 'draft') return 'draft';
  return post.scheduledAt !== null && post.scheduledAt.getTime() > post.createdAt.getTime() ? 'scheduled' : 'immediate';
}
