import type { Logger, Metrics } from '@pulse/observability';
import type { DigestRepository } from '../adapters/db/digest.repository';

export interface DigestBuilderOptions {
  digests: DigestRepository;
  /** Events taken per pass (one transaction); a bigger backlog takes several passes. */
  batchEvents: number;
  logger: Logger;
  metrics: Metrics;
  /** Called when digests became deliveries, so the dispatcher sends them now rather than at its next poll. */
  onDigestsQueued: () => void;
}

/**
 * Turns closed digest windows into deliveries (run by node-cron). Safe with several replicas:
 * DigestRepository claims items with SKIP LOCKED and a window's digest id is unique per subscription.
 */
export class DigestBuilder {
  private readonly built;

  constructor(private readonly options: DigestBuilderOptions) {
    this.built = options.metrics.counter({ name: 'pulse_webhook_digests_total', help: 'Webhook digests built (deliveries created)' });
  }

  /** Builds every closed window, pass after pass, until a pass finds less than a full page. */
  async run(): Promise<void> {
    const { digests, batchEvents, logger, onDigestsQueued } = this.options;
    let total = 0;
    for (;;) {
      const result = await digests.buildDue(batchEvents);
      total += result.digests;
      if (result.digests > 0) this.built.inc(result.digests);
      if (result.deferred > 0) logger.info('digest events moved to the open window (their window was already sent)', { events: result.deferred });
      if (result.claimed < batchEvents) break;
    }
    if (total > 0) onDigestsQueued();
  }
}
