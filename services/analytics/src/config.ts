import cron from 'node-cron';
import { z } from 'zod';
import { commonEnv, envBoolean, envInt } from '@pulse/config';
import { TOPICS } from '@pulse/contracts';

const topicName = () => z.string().regex(/^[a-zA-Z0-9._-]{1,200}$/, 'must be a Kafka topic name (letters, digits, . _ -)');
const cronExpression = () => z.string().refine((expression) => cron.validate(expression), 'must be a cron expression (node-cron)');

/** The analytics service's environment; the only place that reads it. */
export const configSchema = commonEnv({ service: 'analytics', port: 4104 }).safeExtend({
  TOPIC_NEWS_FETCHED: topicName().default(TOPICS.newsFetched),
  TOPIC_ARTICLE_SUMMARIZED: topicName().default(TOPICS.articleSummarized),
  TOPIC_POST_PUBLISHED: topicName().default(TOPICS.postPublished),
  /** social's engagement measurements. */
  TOPIC_POST_ENGAGEMENT: topicName().default(TOPICS.postEngagement),
  /**
   * false turns the engagement consumer off. A flag, not an empty topic name: the config loader
   * reads a blank variable as unset, so an empty TOPIC_POST_ENGAGEMENT fell back to the default
   * topic and the consumer stayed on.
   */
  CONSUME_POST_ENGAGEMENT: envBoolean().default(true),
  /** Partitions of the consumed topics (and their DLQs) if analytics boots before their producers. */
  TOPIC_PARTITIONS: envInt().min(1).max(1_000).default(12),
  /** Consumer group ids are `<prefix>.<topic>`. */
  CONSUMER_GROUP_PREFIX: z.string().regex(/^[a-zA-Z0-9._-]{1,100}$/).default('analytics'),
  /** Partitions of one topic handled at once per replica (order holds within each). */
  CONSUMER_CONCURRENCY: envInt().min(1).max(64).default(3),
  /** Most events of one partition stored by one statement (the bus's batch mode). */
  CONSUMER_BATCH_SIZE: envInt().min(1).max(5_000).default(500),
  DAILY_STATS_REFRESH_CRON: cronExpression().default('* * * * *'),
  /** When partitions are created ahead and retention runs (UTC days; both also run at start / daily). */
  MAINTENANCE_CRON: cronExpression().default('17 0 * * *'),
  PARTITIONS_AHEAD_DAYS: envInt().min(0).max(365).default(7),
  RETENTION_DAYS: envInt().min(1).max(3_650).default(400),
  /** How long DLQ offsets fetched from Kafka are reused by the overview. */
  DLQ_STATS_CACHE_MS: envInt().min(0).max(600_000).default(10_000),
  RATE_LIMIT_PER_MINUTE: envInt().min(1).default(600),
});

export type AnalyticsConfig = z.output<typeof configSchema>;

/** The topics analytics consumes, from the config (tests use unique names). */
export function consumedTopics(config: AnalyticsConfig): string[] {
  const topics = [config.TOPIC_NEWS_FETCHED, config.TOPIC_ARTICLE_SUMMARIZED, config.TOPIC_POST_PUBLISHED];
  return config.CONSUME_POST_ENGAGEMENT ? [...topics, config.TOPIC_POST_ENGAGEMENT] : topics;
}
