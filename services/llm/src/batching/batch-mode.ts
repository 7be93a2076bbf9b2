import type { Admin, Kafka } from 'kafkajs';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { Worker } from '@pulse/service-runtime';
import { consumerLag } from '../adapters/kafka/consumer-lag';
import { intervalWorker } from './interval-worker';

export type BatchModeSetting = 'never' | 'auto' | 'always';

export interface BatchModeOptions {
  mode: BatchModeSetting;
  /** `auto`: batch while the group lags this many events or more. */
  lagThreshold: number;
  lagCheckMs: number;
  kafka: Kafka;
  groupId: string;
  topic: string;
  logger: Logger;
  /** Reports each measured lag (a gauge). */
  onLag?: (lag: number) => void;
}

/**
 * Whether articles go to Message Batches now: by config (`always`/`never`) or, in `auto`, while
 * the consumer group's lag on the input topic is at or above the threshold (a backlog that single
 * calls would take long to clear; batches cost less). The lag is measured at start and then
 * periodically with the Kafka admin API; a failed measurement keeps the last answer.
 */
export class BatchMode {
  /** Runs the periodic lag check (only in `auto`). */
  readonly worker: Worker | undefined;
  private backlog = false;
  private admin: Admin | undefined;

  constructor(private readonly options: BatchModeOptions) {
    if (options.mode !== 'auto') return;
    const periodic = intervalWorker('consumer lag check', options.lagCheckMs, () => this.check(), options.logger);
    this.worker = {
      name: periodic.name,
      start: async () => {
        await this.check().catch((error: unknown) => options.logger.warn('consumer lag check failed', { error: describeError(error) }));
        await periodic.start();
      },
      stop: async () => {
        await periodic.stop();
        await this.admin?.disconnect();
        this.admin = undefined;
      },
    };
  }

  /** True when the next Claude-bound article should go into a batch. */
  active(): boolean {
    if (this.options.mode === 'always') return true;
    if (this.options.mode === 'never') return false;
    return this.backlog;
  }

  /** Measures the lag now and updates `active()`; returns the lag. */
  async check(): Promise<number> {
    const { options } = this;
    if (!this.admin) {
      const admin = options.kafka.admin();
      await admin.connect();
      this.admin = admin;
    }
    const lag = await consumerLag(this.admin, options.groupId, options.topic);
    options.onLag?.(lag);
    const backlog = lag >= options.lagThreshold;
    if (backlog !== this.backlog) {
      options.logger.info(backlog ? 'backlog: new articles go to Message Batches' : 'backlog cleared: back to single calls', { lag, threshold: options.lagThreshold });
    }
    this.backlog = backlog;
    return lag;
  }
}
