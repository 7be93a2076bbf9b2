import pLimit from 'p-limit';
import type { DataSource } from 'typeorm';
import type { EventContract, PostPublishedEvent } from '@pulse/contracts';
import { describeError, isRetriable, PulseError } from '@pulse/errors';
import { activeTraceHeaders, continueTrace } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import type { ChannelRepository, ClaimedPost, PostEntity, PostRepository } from '../adapters/db';
import type { PlatformAdapter, PublishResult } from '../adapters/platforms/platform-adapter';
import type { Platform } from '../domain/platform';
import { nextRetryAt } from '../domain/retry-backoff';
import type { Rng } from '../domain/rng';
import type { SocialMetrics } from '../social-metrics';
import { ChannelCredentialsCache } from './channel-credentials-cache';
import { outgoingPostOf } from './outgoing-post';
import { PublishedRecorder } from './published-recorder';

export interface DispatcherSettings {
  batchSize: number;
  concurrency: number;
  maxAttempts: number;
  leaseSeconds: number;
  retryBaseSeconds: number;
  retryCapSeconds: number;
}

export interface DispatcherDeps {
  dataSource: DataSource;
  channels: ChannelRepository;
  posts: PostRepository;
  adapters: Record<Platform, PlatformAdapter>;
  publishedContract: EventContract<PostPublishedEvent>;
  metrics: SocialMetrics;
  logger: Logger;
  rng: Rng;
  settings: DispatcherSettings;
}

// Rounds per tick while batches come back full, so a backlog drains without waiting for ticks.
const MAX_ROUNDS_PER_RUN = 20;

// Codes that mean the channel itself is broken, not just this post.
const CHANNEL_ERRORS = new Set(['platform-unauthorized', 'credentials-invalid', 'secret-tampered', 'secret-unknown-key']);

/** Outcome of one send, before it is written. */
type SendOutcome =
  | { kind: 'published'; result: PublishResult }
  | { kind: 'failed'; error: unknown; mayHavePosted: boolean };

/**
 * Sends due posts: claims them (SKIP LOCKED, so replicas never take the same post), publishes
 * each with its idempotency key, and records the outcome. A post whose earlier try may have
 * reached the platform (lost answer, crashed replica) is looked up with `findExisting` first and
 * never sent twice. Published posts enqueue `post.published` in the same transaction.
 */
export class PostDispatcher {
  private readonly limit: ReturnType<typeof pLimit>;
  private readonly recorder: PublishedRecorder;
  private running: Promise<number> | undefined;
  private again = false;
  private stopped = false;
  /** Posts the planner handed over (due now), waiting to be claimed by this replica. */
  private handedOff: string[] = [];
  private claiming: Promise<void> | undefined;
  private readonly sending = new Set<Promise<void>>();

  constructor(private readonly deps: DispatcherDeps) {
    this.limit = pLimit(deps.settings.concurrency);
    this.recorder = new PublishedRecorder(deps);
  }

  /**
   * Runs the dispatcher now, or once more after the run in progress (calls coalesce): the cron
   * tick and any other caller share it, so runs never overlap in a replica.
   */
  run(): Promise<number> {
    if (this.running !== undefined) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let handled = 0;
      try {
        do {
          this.again = false;
          handled += await this.dispatchDue();
        } while (this.again && !this.stopped);
      } finally {
        this.running = undefined;
      }
      return handled;
    })();
    return this.running;
  }

  /**
   * Posts due now were just planned and committed: claim exactly those (same SKIP LOCKED lease as
   * the tick, so whichever dispatcher of whichever replica gets there first sends them) and send
   * them without waiting for the next tick. Hand-offs arriving while a claim is in flight are
   * claimed together by the next one. Anything not claimed here (stopped, database error) is
   * still due, so the tick picks it up.
   */
  handOff(postIds: readonly string[]): void {
    if (this.stopped || postIds.length === 0) return;
    this.handedOff.push(...postIds);
    this.claimHandedOff();
  }

  /** No more hand-offs; waits for the run, the claims and the sends in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.handedOff = [];
    await this.running?.catch(() => undefined);
    await this.claiming;
    await Promise.all([...this.sending]);
  }

  private claimHandedOff(): void {
    if (this.claiming !== undefined) return;
    this.claiming = this.claimLoop()
      .catch((error: unknown) => {
        this.deps.logger.error('claiming handed-off posts failed; the tick sends them', { error: describeError(error) });
      })
      .finally(() => {
        this.claiming = undefined;
        if (this.handedOff.length > 0 && !this.stopped) this.claimHandedOff();
      });
  }

  private async claimLoop(): Promise<void> {
    const { dataSource, posts, settings } = this.deps;
    while (this.handedOff.length > 0 && !this.stopped) {
      // Claim no more than the senders can start soon: a claimed post's lease runs while it waits.
      while (this.limit.pendingCount >= settings.batchSize && this.sending.size > 0) await Promise.race(this.sending);
      const ids = this.handedOff.splice(0, settings.batchSize);
      const claimed = await posts.claimDueByIds(dataSource.manager, ids, settings.leaseSeconds);
      const credentials = new ChannelCredentialsCache(this.deps);
      for (const c of claimed) {
        const sent: Promise<void> = this.limit(() => this.handle(c, credentials))
          .catch((error: unknown) => {
            this.deps.logger.error('sending a handed-off post failed', { postId: c.post.id, error: describeError(error) });
          })
          .finally(() => this.sending.delete(sent));
        this.sending.add(sent);
      }
    }
  }

  /** One dispatch run; returns how many posts it handled. */
  async dispatchDue(): Promise<number> {
    const { dataSource, posts, settings } = this.deps;
    let handled = 0;
    for (let round = 0; round < MAX_ROUNDS_PER_RUN; round += 1) {
      // One statement: it claims and answers the rows (no transaction around it needed).
      const claimed = await posts.claimDue(dataSource.manager, settings.batchSize, settings.leaseSeconds);
      // One channel read and one decryption per channel and round, not per post.
      const credentials = new ChannelCredentialsCache(this.deps);
      await Promise.all(claimed.map((c) => this.limit(() => this.handle(c, credentials))));
      handled += claimed.length;
      if (claimed.length < settings.batchSize || this.stopped) break;
    }
    return handled;
  }

  private handle(claimed: ClaimedPost, credentials: ChannelCredentialsCache): Promise<void> {
    // Sending and recording run in the trace of the summary that planned the post.
    return continueTrace('post publish', claimed.post.traceHeaders, () => this.sendAndRecord(claimed, credentials));
  }

  private async sendAndRecord(claimed: ClaimedPost, credentials: ChannelCredentialsCache): Promise<void> {
    const outcome = await this.send(claimed, credentials);
    try {
      if (outcome.kind === 'published') await this.recordPublished(claimed.post, outcome.result);
      else await this.recordFailure(claimed.post, outcome.error, outcome.mayHavePosted);
    } catch (error) {
      // The lease runs out and the next claim checks the platform first, so nothing is lost.
      this.deps.logger.error('recording a send outcome failed', { postId: claimed.post.id, error: describeError(error) });
    }
  }

  private async send({ post, checkFirst }: ClaimedPost, cache: ChannelCredentialsCache): Promise<SendOutcome> {
    const { adapters } = this.deps;
    let mayHavePosted = checkFirst;
    try {
      const credentials = await cache.of(post);
      const adapter = adapters[post.platform];
      const outgoing = outgoingPostOf(post);
      if (checkFirst) {
        const existing = await adapter.findExisting(outgoing, credentials, post.idempotencyKey);
        if (existing !== undefined) {
          this.deps.logger.info('post found on the platform; not sending again', { postId: post.id, remoteId: existing.remoteId });
          return { kind: 'published', result: existing };
        }
        mayHavePosted = false;
      }
      mayHavePosted = true;
      const result = await adapter.publish(outgoing, credentials, post.idempotencyKey);
      return { kind: 'published', result };
    } catch (error) {
      // A 429 was refused before anything happened; other failures after sending leave it open.
      const refused = error instanceof PulseError && error.code === 'platform-rate-limited';
      return { kind: 'failed', error, mayHavePosted: mayHavePosted && !refused };
    }
  }

  private async recordPublished(post: PostEntity, result: PublishResult): Promise<void> {
    const { metrics, logger } = this.deps;
    // Inside the post's 'post publish' span: its event keeps the summary's trace.
    const recorded = await this.recorder.record(post, result, activeTraceHeaders());
    if (!recorded) {
      logger.warn('post was taken over by another dispatcher; outcome not recorded here', { postId: post.id });
      return;
    }
    metrics.published.inc({ platform: post.platform });
    logger.info('post published', { tenantId: post.tenantId, postId: post.id, platform: post.platform, remoteId: result.remoteId });
  }

  private async recordFailure(post: PostEntity, error: unknown, mayHavePosted: boolean): Promise<void> {
    const { dataSource, posts, channels, metrics, logger, rng, settings } = this.deps;
    const code = error instanceof PulseError ? error.code : 'internal';
    const reason = describeError(error).slice(0, 2000);
    const context = { tenantId: post.tenantId, postId: post.id, channelId: post.channelId, platform: post.platform, attempt: post.attempts, code, reason };
    if (isRetriable(error) && post.attempts < settings.maxAttempts) {
      const retryAfterSeconds = error instanceof PulseError ? error.retryAfterSeconds : undefined;
      const at = nextRetryAt(new Date(), post.attempts, rng, {
        baseSeconds: settings.retryBaseSeconds,
        capSeconds: settings.retryCapSeconds,
        ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
      });
      await dataSource.transaction((manager) =>
        posts.finishAttempt(manager, post, { status: 'scheduled', nextAttemptAt: at, outcomeUnknown: mayHavePosted, errorCode: code, errorReason: reason }));
      metrics.retried.inc({ platform: post.platform, reason: code });
      logger.warn('post send failed; rescheduled', { ...context, nextAttemptAt: at.toISOString() });
      return;
    }
    const finalCode = isRetriable(error) ? 'retries-exhausted' : code;
    await dataSource.transaction(async (manager) => {
      const changed = await posts.finishAttempt(manager, post, { status: 'failed', nextAttemptAt: null, outcomeUnknown: mayHavePosted, errorCode: finalCode, errorReason: reason });
      if (changed && CHANNEL_ERRORS.has(code)) await channels.markError(manager, post.channelId, reason);
    });
    metrics.failed.inc({ platform: post.platform, reason: finalCode });
    // alert: true lets the log pipeline page someone; the counter feeds the Prometheus alert.
    logger.error('post failed permanently', { ...context, code: finalCode, alert: true });
  }
}
