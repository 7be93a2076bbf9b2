import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { Worker } from './service-definition';

/**
 * A node-cron job as a runtime worker: never overlaps itself (a slow run makes the next tick a
 * no-op), logs failures instead of crashing, and on stop waits for the run in progress.
 */
export function cronWorker(name: string, expression: string, task: () => Promise<unknown>, logger: Logger): Worker {
  let running: Promise<unknown> | undefined;
  let job: ScheduledTask | undefined;
  const tick = () => {
    if (running) return;
    running = task()
      .catch((error: unknown) => logger.error(`${name} failed`, { error: describeError(error) }))
      .finally(() => { running = undefined; });
  };
  return {
    name,
    start: () => {
      // Overlap is prevented by `running` above; node-cron's own noOverlap warns on every skipped tick.
      job = cron.schedule(expression, tick, { name });
    },
    stop: async () => {
      await job?.stop();
      await job?.destroy();
      await running;
    },
  };
}
