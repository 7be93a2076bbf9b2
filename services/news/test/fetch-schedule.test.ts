import { adaptivePollInterval, backoffSeconds, scheduleAfterFailure, scheduleAfterSuccess } from '../src/domain/fetch-schedule';

const NOW = new Date('2025-06-06T12:00:00Z');
const fixed = (value: number) => () => value;

describe('backoff', () => {
  it('doubles per consecutive failure up to the cap (no jitter at random = 0.5)', () => {
    const delays = [1, 2, 3, 4, 5, 10, 20].map((n) => backoffSeconds(n, { baseSeconds: 60, maxSeconds: 3600 }, fixed(0.5)));
    expect(delays).toEqual([60, 120, 240, 480, 960, 3600, 3600]);
  });

  it('keeps jitter within ±20% and never above the cap', () => {
    expect(backoffSeconds(3, {}, fixed(0))).toBe(192);
    expect(backoffSeconds(3, {}, fixed(1))).toBe(288);
    expect(backoffSeconds(50, { maxSeconds: 1000 }, fixed(1))).toBe(1000);
  });

  it('counts one more failure and waits for Retry-After when it is longer', () => {
    const decision = scheduleAfterFailure({ now: NOW, previousFailures: 0, retryAfterSeconds: 600, random: fixed(0.5) });
    expect(decision).toEqual({ consecutiveFailures: 1, delaySeconds: 600, nextFetchAt: new Date('2025-06-06T12:10:00Z') });
    expect(scheduleAfterFailure({ now: NOW, previousFailures: 4, retryAfterSeconds: 5, random: fixed(0.5) }).delaySeconds).toBe(960);
  });

  it('recovers: a success resets failures and returns to the poll interval', () => {
    const failing = scheduleAfterFailure({ now: NOW, previousFailures: 6, random: fixed(0.5) });
    expect(failing.consecutiveFailures).toBe(7);
    expect(scheduleAfterSuccess({ now: NOW, intervalSeconds: 900 })).toEqual({
      consecutiveFailures: 0,
      delaySeconds: 900,
      nextFetchAt: new Date('2025-06-06T12:15:00Z'),
    });
  });
});

describe('adaptivePollInterval', () => {
  const options = { minSeconds: 300, maxSeconds: 6 * 3600, fallbackSeconds: 1800 };
  const every = (minutes: number, count: number) => Array.from({ length: count }, (_, i) => new Date(NOW.getTime() - i * minutes * 60_000));

  it('follows the median gap between items', () => {
    expect(adaptivePollInterval(every(20, 10), options)).toBe(1200);
  });

  it('is robust to one long pause', () => {
    const dates = [...every(20, 9), new Date(NOW.getTime() - 30 * 86_400_000)];
    expect(adaptivePollInterval(dates, options)).toBe(1200);
  });

  it('clamps to [min, max]', () => {
    expect(adaptivePollInterval(every(1, 10), options)).toBe(300);
    expect(adaptivePollInterval(every(24 * 60, 10), options)).toBe(6 * 3600);
  });

  it('falls back when the feed has fewer than two dated items, ignoring missing and duplicate dates', () => {
    expect(adaptivePollInterval([], options)).toBe(1800);
    expect(adaptivePollInterval([NOW, undefined, new Date(NOW)], options)).toBe(1800);
  });

  it('slows down for a feed that went quiet when now is given', () => {
    const old = every(10, 3).map((d) => new Date(d.getTime() - 10 * 86_400_000));
    expect(adaptivePollInterval(old, options)).toBe(600);
    expect(adaptivePollInterval(old, { ...options, now: NOW })).toBe(6 * 3600);
  });

  it('keeps the rhythm of an active feed when now is given', () => {
    expect(adaptivePollInterval(every(20, 10).map((d) => new Date(d.getTime() - 5 * 60_000)), { ...options, now: NOW })).toBe(1200);
  });
});
