import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ArticleSummarizedEvent } from '@pulse/contracts';
import { describeError, PulseError, RetriableError } from '@pulse/errors';
import { activeTraceHeaders } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import type { ChannelEntity, ChannelRepository, ComposedExtras, ExperimentRepository, PostRepository, StoredExperiment } from '../adapters/db';
import { experimentKey, PostEntity, subscriptionKey } from '../adapters/db';
import { composePost, type ComposedPost } from '../domain/post-composer';
import { planPublication, type PublicationPlan } from '../domain/posting-schedule';
import type { Rng } from '../domain/rng';
import { assignVariant, VARIANT_KINDS, type VariantKind } from '../domain/variant-selection';
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

/** A summary to plan, with the trace context of the consumer span it arrived in. */
export interface SummaryToPlan {
  event: ArticleSummarizedEvent;
  /** W3C headers of the span the event was handled in; the dispatcher continues that trace. */
  traceHeaders: Record<string, string>;
}

/**
 * Creates one post per enabled channel of the tenant that follows the article's niche: picks the
 * text variant for the niche's experiment, composes it for the platform, and plans it (draft,
 * now, or the next free slot). Runs inside the consumer's inbox transaction; an article that
 * already has a post on a channel gets no second one. A post that cannot be composed or
 * scheduled is kept as 'failed' with the reason, so nothing disappears silently.
 */
export async function planArticlePosts(manager: EntityManager, event: ArticleSummarizedEvent, deps: PostPlannerDeps): Promise<PostEntity[]> {
  const planned = await planSummaries(manager, [{ event, traceHeaders: activeTraceHeaders() }], deps);
  return planned.get(event.id) ?? [];
}

/**
 * `planArticlePosts` for a batch of summaries in one transaction, with a fixed number of queries
 * whatever the batch size: the subscribed channels of all of them (locked, so the hourly rate
 * holds across replicas), their taken slots, the experiments and their stats are read once; the
 * slots and variant assignments of the batch's own posts are counted in memory as they are
 * planned; posts and assignment counters are written with one statement each.
 * Answers the posts created, per event id.
 */
export async function planSummaries(manager: EntityManager, summaries: readonly SummaryToPlan[], deps: PostPlannerDeps): Promise<Map<string, PostEntity[]>> {
  const now = deps.now?.() ?? new Date();
  const channels = await deps.channels.subscribedToAll(manager, summaries.map(({ event }) => ({ tenantId: event.tenantId, niche: event.data.niche })));
  const channelsOf = (event: ArticleSummarizedEvent) => channels.get(subscriptionKey(event.tenantId, event.data.niche)) ?? [];
  const channelIds = [...new Set([...channels.values()].flat().map((c) => c.id))];
  const taken = await deps.posts.takenSlotsOf(manager, channelIds, new Date(now.getTime() - HOUR_MS));
  const experiments = await deps.experiments.ensureAll(
    manager,
    summaries.filter(({ event }) => offeredVariants(event).length > 0 && channelsOf(event).length > 0)
      .map(({ event }) => ({ tenantId: event.tenantId, id: defaultExperimentId(event.data.niche), niche: event.data.niche })),
    VARIANT_KINDS,
  );

  const planned: Array<{ eventId: string; post: PostEntity }> = [];
  for (const { event, traceHeaders } of summaries) {
    const composedTexts = new Map<string, ComposedPost | PulseError>();
    for (const channel of channelsOf(event)) {
      const post = planForChannel(event, channel, { now, traceHeaders, experiments, composedTexts, taken: taken.get(channel.id) ?? [] }, deps);
      planned.push({ eventId: event.id, post });
    }
  }

  const createdIds = await deps.posts.insertMany(manager, planned.map((p) => p.post));
  const created = new Map<string, PostEntity[]>(summaries.map(({ event }) => [event.id, []]));
  const assignments = new Map<string, { tenantId: string; experimentId: string; variant: string; count: number }>();
  for (const { eventId, post } of planned) {
    if (!createdIds.has(post.id)) continue;
    created.get(eventId)?.push(post);
    if (post.variant !== null && post.experimentId !== null) {
      const key = `${experimentKey(post.tenantId, post.experimentId)}\u0000${post.variant}`;
      const row = assignments.get(key) ?? { tenantId: post.tenantId, experimentId: post.experimentId, variant: post.variant, count: 0 };
      row.count += 1;
      assignments.set(key, row);
    }
    deps.metrics.planned.inc({ platform: post.platform, plan: post.status === 'failed' ? 'failed' : planLabel(post) });
  }
  await deps.experiments.recordAssignments(manager, [...assignments.values()]);
  return created;
}

/** What planning one post needs besides the event and the channel, shared by the batch. */
interface PlanContext {
  now: Date;
  traceHeaders: Record<string, string>;
  experiments: Map<string, StoredExperiment>;
  /** Composed text per platform and variant of this event (channels of one platform share it). */
  composedTexts: Map<string, ComposedPost | PulseError>;
  /** The channel's taken slots; the batch's own scheduled posts are added as they are planned. */
  taken: Date[];
}

function planForChannel(event: ArticleSummarizedEvent, channel: ChannelEntity, context: PlanContext, deps: PostPlannerDeps): PostEntity {
  const { data } = event;
  const { now } = context;
  const { text, variant, experimentId } = chooseText(event, context.experiments, deps);
  const post = basePost(event, channel, now, text, variant, experimentId, context.traceHeaders);
  let composed: ComposedPost;
  let plan: PublicationPlan;
  try {
    composed = composeOnce(context.composedTexts, `${channel.platform}\u0000${variant ?? ''}`, () =>
      composePost({ platform: channel.platform, text, articleUrl: data.url, niche: data.niche, keywords: data.keywords ?? [] }));
    plan = planPublication({
      autoPublish: channel.autoPublish,
      now,
      timeZone: channel.timeZone,
      windows: channel.postingWindows,
      maxPostsPerHour: channel.maxPostsPerHour,
      taken: context.taken,
    });
  } catch (error) {
    if (!(error instanceof PulseError) || error.retriable) throw error;
    deps.logger.warn('post could not be planned', { tenantId: event.tenantId, articleId: data.articleId, channelId: channel.id, error: describeError(error) });
    return Object.assign(post, { status: 'failed' as const, errorCode: error.code, errorReason: error.message });
  }
  Object.assign(post, { text: composed.text, composed: extrasOf(composed) });
  if (plan.kind === 'draft') return Object.assign(post, { status: 'draft' as const });
  // Counts against the hourly rate of the batch's next posts on this channel.
  context.taken.push(plan.at);
  return Object.assign(post, { status: 'scheduled' as const, scheduledAt: plan.at, nextAttemptAt: plan.at });
}

// Composing is pure: the same text for the same platform composes the same, errors included.
function composeOnce(cache: Map<string, ComposedPost | PulseError>, key: string, compose: () => ComposedPost): ComposedPost {
  let result = cache.get(key);
  if (result === undefined) {
    try {
      result = compose();
    } catch (error) {
      if (!(error instanceof PulseError)) throw error;
      result = error;
    }
    cache.set(key, result);
  }
  if (result instanceof PulseError) throw result;
  return result;
}

function offeredVariants(event: ArticleSummarizedEvent): string[] {
  const { variants } = event.data;
  return VARIANT_KINDS.filter((kind) => typeof variants[kind] === 'string' && (variants[kind] ?? '').trim() !== '');
}

function chooseText(event: ArticleSummarizedEvent, experiments: Map<string, StoredExperiment>, deps: PostPlannerDeps) {
  const { data } = event;
  const offered = offeredVariants(event);
  if (offered.length === 0) return { text: data.summary, variant: null, experimentId: null };
  const experimentId = defaultExperimentId(data.niche);
  const experiment = experiments.get(experimentKey(event.tenantId, experimentId));
  if (experiment === undefined) throw new RetriableError(`Experiment ${experimentId} was not found after ensuring it`, { code: 'experiment-missing' });
  const variant = assignVariant(experiment, experiment.stats, deps.rng, offered);
  countAssignment(experiment, variant);
  return { text: data.variants[variant as VariantKind] ?? data.summary, variant, experimentId };
}

// The next post of the batch sees this assignment, as it would have read it from the database.
function countAssignment(experiment: StoredExperiment, variant: string): void {
  const stats = experiment.stats.find((s) => s.variant === variant);
  if (stats === undefined) experiment.stats.push({ variant, assignments: 1, successes: 0, failures: 0 });
  else stats.assignments += 1;
}

function basePost(
  event: ArticleSummarizedEvent, channel: ChannelEntity, now: Date, text: string, variant: string | null, experimentId: string | null, traceHeaders: Record<string, string>,
): PostEntity {
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
    traceHeaders,
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
