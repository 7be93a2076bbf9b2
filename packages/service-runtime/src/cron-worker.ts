import cron, { type ScheduledTask } from 'node-cron';
import { describeError } from '@pulse/errors';
import type { Logger } from '@pulse/observability';
import { everySecondsTimer, parseEverySeconds } from './every-seconds';
import type { Worker } from './service-definition';

/**
 * A cron job as a runtime worker: never overlaps itself (a slow run makes the next tick a no-op),
 * logs failures instead of crashing, and on stop waits for the run in progress.
 *
 * Every-N-seconds heartbeats (`* * * * * *`, `*\/N * * * * *`) run on a timer aligned to the same
 * wall-clock seconds node-cron would pick; everything else runs on node-cron. node-cron 4 builds
 * several Intl.DateTimeFormat objects per tick (LocalizedTime, getTimezoneGMT; a `timezone` option
 * changes nothing), about 6 ms of CPU each: a few % of an idle service for jobs every 1-2 s.
 */
export function cronWorker(name: string, expression: string, task: () => Promise<unknown>, logger: Logger): Worker {
  let running: Promise<unknown> | undefined;
  let job: { stop(): unknown; destroy?(): unknown } | undefined;
  const tick = () => {
    if (running) return;
    running = task()
      .catch((error: unknown) => logger.error(`${name} failed`, { error: describeError(error) }))
      .finally(() => { running = undefined; });
  };
  const seconds = parseEverySeconds(expression);
  return {
    name,
    start: () => {
      // Overlap is prevented by `running` above; node-cron's own noOverlap warns on every skipped tick.
      job = seconds ? everySecondsTimer(seconds, tick) : (cron.schedule(expression, tick, { name }) as ScheduledTask);
    },
    stop: async () => {
      await job?.stop();
      await job?.destroy?.();
      await running;
    },
  };
}
