import type { DataSource } from 'typeorm';
import type { EventContract, PostEngagementEvent } from '@pulse/contracts';
import { describeError, isRetriable } from '@pulse/errors';
import { outbox } from '@pulse/event-bus';
import type { Logger } from '@pulse/observability';
import { ChannelEntity, type ChannelRepository, type ExperimentRepository, type PostEngagementRepository, type PostEntity } from '../adapters/db';
import type { PlatformAdapter } from '../adapters/platforms/platform-adapter';
import { engagementChanged } from '../domain/engagement-change';
import type { Platform } from '../domain/platform';
import { engagementOutcome, type EngagementMetrics } from '../domain/variant-selection';
import { postEngagementEvent } from './post-engagement-event';

export interface EngagementSettings {
  /** A post is first measured (and judged for the bandit) once it is this old. */
  minAgeSeconds: number;
  /** Older posts are no longer measured (an unjudged one keeps its outcome unknown). */
  maxAgeHours: number;
  /** A post is measured at most once per this many seconds. */
  intervalSeconds: number;
  /** Interactions that make a post a success for the bandit. */
  threshold: number;
  batchSize: number;
}

export interface EngagementPollerDeps {
  dataSource: DataSource;
  channels: ChannelRepository;
  engagement: PostEngagementRepository;
  experiments: ExperimentRepository;
  adapters: Record<Platform, PlatformAdapter>;
  /** `post.engagement` on its configured topic. */
  engagementContract: EventContract<PostEngagementEvent>;
  logger: Logger;
  settings: EngagementSettings;
}

/** What one measurement of a post led to. */
type Recorded = 'changed' | 'unchanged' | 'closed' | 'skipped';

/**
 * Measures the engagement of published posts from `minAgeSeconds` to `maxAgeHours` after
 * publishing, at most once per `intervalSeconds`. Each time a post's counters change, the new
 * counters and a `post.engagement` event commit together (outbox), so analytics sees every change
 * once. The first measurement also feeds the post's outcome (success/failure) into its
 * experiment's variant stats, once per post: the bandit's data. A post the platform reports no
 * metrics for before any measurement is closed without an outcome and not polled again.
 */
export class EngagementPoller {
  constructor(private readonly deps: EngagementPollerDeps) {}

  /** One polling run; returns how many posts got a new measurement or were closed. */
  async pollDue(): Promise<number> {
    const { dataSource, engagement, settings } = this.deps;
    const now = Date.now();
    const due = await dataSource.transaction((manager) => engagement.claimDue(manager, {
      publishedBefore: new Date(now - settings.minAgeSeconds * 1000),
      publishedAfter: new Date(now - settings.maxAgeHours * 3_600_000),
      intervalSeconds: settings.intervalSeconds,
      limit: settings.batchSize,
    }));
    let recorded = 0;
    for (const post of due) {
      const outcome = await this.measure(post);
      if (outcome === 'changed' || outcome === 'closed') recorded += 1;
    }
    return recorded;
  }

  private async measure(post: PostEntity): Promise<Recorded> {
    const { dataSource, channels, adapters, logger } = this.deps;
    let metrics: EngagementMetrics | undefined;
    try {
      const channel = await dataSource.manager.findOneBy(ChannelEntity, { id: post.channelId, tenantId: post.tenantId });
      if (channel !== null && post.remoteId !== null) {
        metrics = await adapters[post.platform].fetchMetrics(post.remoteId, await channels.credentialsOf(dataSource.manager, channel));
      }
    } catch (error) {
      logger.warn('engagement poll failed', { postId: post.id, platform: post.platform, error: describeError(error) });
      // Transient: the next interval tries again; permanent (revoked token, gone): as without metrics.
      if (isRetriable(error)) return 'skipped';
    }
    return this.record(post, metrics, new Date());
  }

  private async record(post: PostEntity, metrics: EngagementMetrics | undefined, measuredAt: Date): Promise<Recorded> {
    const { dataSource, engagement, experiments, engagementContract, settings } = this.deps;
    return dataSource.transaction(async (manager): Promise<Recorded> => {
      // Locked: a replica whose claim overlapped (interval elapsed mid-run) waits and compares
      // with what this one stored, so one change is announced once.
      const stored = await engagement.lock(manager, post.id);
      if (stored === undefined) return 'skipped';
      if (metrics === undefined) {
        // Measured before: keep the last counters (a post that later vanishes keeps its history).
        if (stored.outcomeRecordedAt !== null) return 'unchanged';
        await engagement.close(manager, post.id);
        return 'closed';
      }
      if (!engagementChanged(stored.metrics, metrics)) return 'unchanged';
      await engagement.store(manager, post.id, metrics);
      if (stored.outcomeRecordedAt === null && post.variant !== null && post.experimentId !== null) {
        await experiments.recordOutcome(manager, post.tenantId, post.experimentId, post.variant, engagementOutcome(metrics, settings.threshold));
      }
      await outbox.enqueue(manager, engagementContract, postEngagementEvent(engagementContract, post, metrics, measuredAt));
      return 'changed';
    });
  }
}
