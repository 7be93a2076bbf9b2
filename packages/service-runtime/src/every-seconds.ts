/**
 * Sub-minute heartbeats without node-cron's per-tick Intl work (see cron-worker.ts).
 * Only `* * * * * *` and `*\/N * * * * *` qualify: the seconds they fire at do not depend on the
 * date, the time zone or daylight saving, so a plain timer reproduces node-cron exactly.
 */

/** The seconds of each minute the expression fires at (ascending), or undefined if it is not a pure every-N-seconds one. */
export function parseEverySeconds(expression: string): number[] | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 6 || fields.slice(1).some((field) => field !== '*')) return undefined;
  const match = /^\*(?:\/(\d+))?$/.exec(fields[0]!);
  if (!match) return undefined;
  const step = match[1] === undefined ? 1 : Number(match[1]);
  if (!Number.isInteger(step) || step < 1 || step > 59) return undefined;
  // As node-cron reads `*/N`: 0, N, 2N, ... below 60 (so */7 ends the minute with a 4 s gap).
  return Array.from({ length: Math.ceil(60 / step) }, (_, i) => i * step);
}

/** The first instant strictly after `after` (ms since the epoch) whose second of the minute is in `seconds`. */
export function nextFire(after: number, seconds: number[]): number {
  const minuteStart = Math.floor(after / 60_000) * 60_000;
  for (const second of seconds) {
    const at = minuteStart + second * 1_000;
    if (at > after) return at;
  }
  return minuteStart + 60_000 + seconds[0]! * 1_000;
}

/**
 * Calls `tick` at each matching second until stopped. A late timer (a blocked event loop) fires
 * once and moves on to the next match, skipping the missed ones, as node-cron does.
 */
export function everySecondsTimer(seconds: number[], tick: () => void, now: () => number = Date.now): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const schedule = (due: number) => {
    timer = setTimeout(() => {
      if (stopped) return;
      tick();
      // From `due`, not the clock: a timer firing a hair early must not fire again for the same second.
      schedule(nextFire(Math.max(now(), due), seconds));
    }, Math.max(0, due - now()));
  };
  schedule(nextFire(now(), seconds));
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
