import { describeError } from '@pulse/errors';
import type { Logger, Metrics } from '@pulse/observability';
import { SsrfGuard } from '@pulse/safe-http';
import { progressAfterAttempt } from '../domain/delivery-progress';
import type { RetryPolicy } from '../domain/retry-policy';
import type { ClaimedDelivery, DeliveryRepository } from '../adapters/db/delivery.repository';
import type { DeliveryOutcomeRepository, DisabledSubscription } from '../adapters/db/delivery-outcome.repository';
import type { SecretCipher } from '../adapters/db/webhook-secrets';
import { deliverWebhook, type AttemptResult } from '../adapters/webhooks/webhook-delivery';

export interface WebhookDispatcherOptions {
  deliveries: DeliveryRepository;
  outcomes: DeliveryOutcomeRepository;
  cipher: SecretCipher;
  policy: RetryPolicy;
  batchSize: number;
  timeoutMs: number;
  /** SSRF exceptions (WEBHOOK_ALLOWED_HOSTS), checked again on every attempt. */
  allow: readonly string[];
  logger: Logger;
  metrics: Metrics;
  /** Called after a subscription was auto-disabled (and committed). */
  onDisabled: (disabled: DisabledSubscription) => Promise<void>;
  deliver?: typeof deliverWebhook;
}

/**
 * Sends due webhook deliveries: claims a batch (SKIP LOCKED + lease, so replicas share the work),
 * makes exactly one attempt per claimed delivery, and writes the outcome — the next attempt is a
 * row in PostgreSQL (next_attempt_at from nextRetryDelay), never an in-memory sleep, so retries
 * survive restarts and move between replicas.
 */
export class WebhookDispatcher {
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private readonly attempts;
  private readonly finished;
  private readonly duration;
  /** Built once: a malformed WEBHOOK_ALLOWED_HOSTS entry stops the service at boot. */
  private readonly guard: SsrfGuard;

  constructor(private readonly options: WebhookDispatcherOptions) {
    this.guard = new SsrfGuard({ allow: options.allow });
    this.attempts = options.metrics.counter({ name: 'pulse_webhook_attempts_total', help: 'Webhook HTTP attempts by outcome', labelNames: ['outcome'] as const });
    this.finished = options.metrics.counter({ name: 'pulse_webhook_deliveries_total', help: 'Webhook deliveries finished, by final status', labelNames: ['status'] as const });
    this.duration = options.metrics.histogram({
      name: 'pulse_webhook_attempt_duration_seconds',
      help: 'Duration of one webhook attempt',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    });
  }

  /** Sends everything due now, batch after batch. Calls while a drain runs coalesce into one more pass. */
  drain(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        while (!this.stopped && (await this.runBatch()) === this.options.batchSize);
      } while (this.again && !this.stopped);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Starts a drain without waiting (e.g. right after a consumer queued deliveries). */
  kick(): void {
    if (this.stopped) return;
    this.drain().catch((error: unknown) => this.options.logger.error('webhook dispatch failed', { error: describeError(error) }));
  }

  /** No new batches; waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
  }

  private async runBatch(): Promise<number> {
    // Longer than any attempt can take, so a lease never expires under a live attempt.
    const leaseMs = this.options.timeoutMs * 2 + 30_000;
    const claimed = await this.options.deliveries.claimDue(this.options.batchSize, leaseMs);
    const results = await Promise.allSettled(claimed.map((claim) => this.attempt(claim)));
    for (const result of results) {
      if (result.status === 'rejected') this.options.logger.error('recording a webhook attempt failed; it is retried when its lease ends', { error: describeError(result.reason) });
    }
    return claimed.length;
  }

  private async attempt(claim: ClaimedDelivery): Promise<void> {
    const { cipher, policy, logger } = this.options;
    let result: AttemptResult;
    try {
      const secret = cipher.open(claim.secretSealed);
      const subscription = { id: claim.subscriptionId, tenantId: claim.tenantId, url: claim.url, secret, events: [], enabled: true };
      result = await (this.options.deliver ?? deliverWebhook)(subscription, claim.payload, {
        deliveryId: claim.id,
        attempt: claim.attempt,
        timeoutMs: this.options.timeoutMs,
        guard: this.guard,
      });
    } catch (error) {
      result = { deliveryId: claim.id, attempt: claim.attempt, outcome: 'permanent', error: describeError(error), durationMs: 0 };
    }
    this.attempts.inc({ outcome: result.outcome });
    this.duration.observe(result.durationMs / 1000);
    const progress = progressAfterAttempt(result.outcome, claim.attemptInRound, policy, result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs });
    const disabled = await this.options.outcomes.record(claim, result, progress);
    if (progress.status !== 'pending') this.finished.inc({ status: progress.status });
    logger.debug('webhook attempt', { deliveryId: claim.id, tenantId: claim.tenantId, attempt: claim.attempt, outcome: result.outcome, status: result.status, next: progress.status });
    if (disabled) await this.options.onDisabled(disabled);
  }
}
