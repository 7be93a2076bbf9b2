import cron from 'node-cron';
import { everySecondsTimer, nextFire, parseEverySeconds } from '../src/every-seconds';

describe('every-N-seconds heartbeats', () => {
  it('recognizes only pure every-N-seconds expressions', () => {
    expect(parseEverySeconds('* * * * * *')).toHaveLength(60);
    expect(parseEverySeconds('*/2 * * * * *')).toEqual(Array.from({ length: 30 }, (_, i) => 2 * i));
    expect(parseEverySeconds('*/7 * * * * *')).toEqual([0, 7, 14, 21, 28, 35, 42, 49, 56]);
    for (const other of ['*/5 * * * *', '0 */10 * * * *', '0 17 3 * * *', '*/2 * * * * 1', '5 * * * * *', '*/0 * * * * *', '*/60 * * * * *', '1-5 * * * * *']) {
      expect(parseEverySeconds(other)).toBeUndefined();
    }
  });

  it('fires at the seconds node-cron fires at', async () => {
    // node-cron itself is the reference: its next run from the same (fake) clock.
    jest.useFakeTimers();
    try {
      for (const expression of ['* * * * * *', '*/2 * * * * *', '*/5 * * * * *', '*/7 * * * * *', '*/45 * * * * *']) {
        const task = cron.schedule(expression, () => undefined);
        const seconds = parseEverySeconds(expression)!;
        let at = Date.UTC(2026, 10, 23, 7, 59, 58, 0);
        for (let i = 0; i < 40; i++) {
          jest.setSystemTime(at);
          const expected = task.getNextRun()!.getTime();
          expect(nextFire(at, seconds)).toBe(expected);
          at = expected + (i % 3) * 300; // from the match itself and from inside its second
        }
        await task.destroy();
      }
    } finally {
      jest.useRealTimers();
    }
  });

  it('ticks once per matching second and stops', () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1, 0, 0, 0, 500) });
    try {
      const ticks: number[] = [];
      const timer = everySecondsTimer([0, 2, 4, 6, 8, 10], () => ticks.push(Date.now()));
      jest.advanceTimersByTime(4_000); // 0.5 s .. 4.5 s: ticks at 2 s and 4 s
      expect(ticks.map((t) => t % 60_000)).toEqual([2_000, 4_000]);
      timer.stop();
      jest.advanceTimersByTime(10_000);
      expect(ticks).toHaveLength(2);
    } finally {
      jest.useRealTimers();
    }
  });
});
