import { IsNull, type DataSource } from 'typeorm';
import { describeError, isRetriable } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { ChannelEntity, PostEntity, type ChannelRepository, type ExperimentRepository, type PostRepository } from '../adapters/db';
import type { PlatformAdapter } from '../adapters/platforms/platform-adapter';
import type { Platform } from '../domain/platform';
import { engagementOutcome, type EngagementMetrics } from '../domain/variant-selection';

export interface EngagementSettings {
  /** A post is judged once it is this old. */
  minAgeSeconds: number;
  /** Older posts are left alone (their outcome stays unknown). */
  maxAgeHours: number;
  /** Interactions that make a post a success for the bandit. */
  threshold: number;
  batchSize: number;
}

export interface EngagementPollerDeps {
  dataSource: DataSource;
  channels: ChannelRepository;
  posts: PostRepository;
  experiments: ExperimentRepository;
  adapters: Record<Platform, PlatformAdapter>;
  logger: Logger;
  settings: EngagementSettings;
}

/**
 * Reads the engagement of published posts once they are old enough, stores the counts on the
 * post and feeds the outcome (success/failure) into the experiment's variant stats, once per
 * post: the bandit's data. A platform without metrics closes the post without an outcome.
 */
export class EngagementPoller {
  constructor(private readonly deps: EngagementPollerDeps) {}

  /** One polling run; returns how many posts were judged. */
  async pollDue(): Promise<number> {
    const { dataSource, posts, settings } = this.deps;
    const now = Date.now();
    const due = await posts.dueForEngagement(
      dataSource.manager,
      new Date(now - settings.minAgeSeconds * 1000),
      new Date(now - settings.maxAgeHours * 3_600_000),
      settings.batchSize,
    );
    let judged = 0;
    for (const post of due) {
      if (await this.judge(post)) judged += 1;
    }
    return judged;
  }

  private async judge(post: PostEntity): Promise<boolean> {
    const { dataSource, channels, adapters, logger } = this.deps;
    let metrics: EngagementMetrics | undefined;
    try {
      const channel = await dataSource.manager.findOneBy(ChannelEntity, { id: post.channelId, tenantId: post.tenantId });
      if (channel !== null && post.remoteId !== null) {
        metrics = await adapters[post.platform].fetchMetrics(post.remoteId, await channels.credentialsOf(dataSource.manager, channel));
      }
    } catch (error) {
      logger.warn('engagement poll failed', { postId: post.id, platform: post.platform, error: describeError(error) });
      // Transient: the next run tries again; permanent (revoked token, gone): close without outcome.
      if (isRetriable(error)) return false;
    }
    return this.record(post, metrics);
  }

  private async record(post: PostEntity, metrics: EngagementMetrics | undefined): Promise<boolean> {
    const { dataSource, experiments, settings } = this.deps;
    return dataSource.transaction(async (manager) => {
      const result = await manager.update(
        PostEntity,
        { id: post.id, outcomeRecordedAt: IsNull() },
        { likes: metrics?.likes ?? null, reposts: metrics?.reposts ?? null, replies: metrics?.replies ?? null, outcomeRecordedAt: new Date(), updatedAt: new Date() },
      );
      // Another replica judged it first.
      if ((result.affected ?? 0) === 0) return false;
      if (metrics !== undefined && post.variant !== null && post.experimentId !== null) {
        await experiments.recordOutcome(manager, post.tenantId, post.experimentId, post.variant, engagementOutcome(metrics, settings.threshold));
      }
      return true;
    });
  }
}
