import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import type { Worker } from '@pulse/service-runtime';

/**
 * Runs `task` every `intervalMs` (measured from the end of the previous run, so runs never
 * overlap), logs failures instead of crashing, and on stop waits for the run in progress.
 * node-cron (the runtime's cronWorker) cannot tick below a second, which tests need.
 */
export function intervalWorker(name: string, intervalMs: number, task: () => Promise<unknown>, logger: Logger): Worker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = task()
        .catch((error: unknown) => logger.error(`${name} failed`, { error: describeError(error) }))
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
  };
  return {
    name,
    start: () => {
      stopped = false;
      schedule();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
