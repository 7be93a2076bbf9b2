import type { Counter } from 'prom-client';
import type { Metrics } from '@pulse/observability';

/** The social service's business counters (names from ARCHITECTURE.md). */
export interface SocialMetrics {
  published: Counter<'platform'>;
  failed: Counter<'platform' | 'reason'>;
  retried: Counter<'platform' | 'reason'>;
  planned: Counter<'platform' | 'plan'>;
}

export function socialMetrics(metrics: Metrics): SocialMetrics {
  return {
    published: metrics.counter({ name: 'pulse_posts_published_total', help: 'Posts published, by platform', labelNames: ['platform'] }),
    failed: metrics.counter({ name: 'pulse_posts_failed_total', help: 'Posts that failed for good, by platform and reason code', labelNames: ['platform', 'reason'] }),
    retried: metrics.counter({ name: 'pulse_posts_retried_total', help: 'Sends rescheduled after a transient failure', labelNames: ['platform', 'reason'] }),
    planned: metrics.counter({ name: 'pulse_posts_planned_total', help: 'Posts created from summaries, by plan (draft, immediate, scheduled, failed)', labelNames: ['platform', 'plan'] }),
  };
}
