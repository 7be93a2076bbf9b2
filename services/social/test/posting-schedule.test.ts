import { ValidationError } from '@pulse/errors';
import { DateTime } from 'luxon';
import { nextPostingSlot, planPublication, type PostingWindow } from '../src/domain/posting-schedule';
import { nextRetryAt, retryDelaySeconds } from '../src/domain/retry-backoff';
import { seededRandom as seededRng } from '@pulse/testing';

const BERLIN = 'Europe/Berlin';
const berlin = (iso: string): Date => DateTime.fromISO(iso, { zone: BERLIN }).toJSDate();
const inBerlin = (date: Date): string => DateTime.fromJSDate(date, { zone: BERLIN }).toFormat("yyyy-MM-dd'T'HH:mm ZZ");
const everyDay = (start: string, end: string): PostingWindow[] => [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start, end }));

describe('nextPostingSlot', () => {
  it('posts now when the window is open and the hour has room', () => {
    const now = berlin('2024-05-06T10:15');
    expect(nextPostingSlot({ now, timeZone: BERLIN, windows: everyDay('09:00', '17:00'), maxPostsPerHour: 2, taken: [] })).toEqual(now);
  });

  it('waits for the window to open, in the channel time zone', () => {
    const slot = nextPostingSlot({ now: berlin('2024-05-06T06:00'), timeZone: BERLIN, windows: everyDay('09:00', '17:00'), maxPostsPerHour: 2, taken: [] });
    expect(inBerlin(slot)).toBe('2024-05-06T09:00 +02:00');
  });

  it('treats the window end as exclusive and moves to the next open weekday', () => {
    const windows: PostingWindow[] = [{ weekday: 1, start: '09:00', end: '17:00' }, { weekday: 3, start: '12:00', end: '13:00' }];
    const slot = nextPostingSlot({ now: berlin('2024-05-06T17:00'), timeZone: BERLIN, windows, maxPostsPerHour: 1, taken: [] });
    expect(inBerlin(slot)).toBe('2024-05-08T12:00 +02:00');
  });

  it('keeps at most maxPostsPerHour in any rolling hour', () => {
    const taken = [berlin('2024-05-06T10:00'), berlin('2024-05-06T10:30')];
    const slot = nextPostingSlot({ now: berlin('2024-05-06T10:40'), timeZone: BERLIN, windows: everyDay('09:00', '17:00'), maxPostsPerHour: 2, taken });
    expect(inBerlin(slot)).toBe('2024-05-06T11:00 +02:00');
  });

  it('respects posts already scheduled after now', () => {
    const taken = [berlin('2024-05-06T10:20'), berlin('2024-05-06T10:50')];
    const slot = nextPostingSlot({ now: berlin('2024-05-06T10:00'), timeZone: BERLIN, windows: [], maxPostsPerHour: 2, taken });
    expect(inBerlin(slot)).toBe('2024-05-06T11:20 +02:00');
  });

  it('moves to the next day when the rate fills the rest of the window', () => {
    const taken = [berlin('2024-05-06T16:30')];
    const slot = nextPostingSlot({ now: berlin('2024-05-06T16:45'), timeZone: BERLIN, windows: everyDay('09:00', '17:00'), maxPostsPerHour: 1, taken });
    expect(inBerlin(slot)).toBe('2024-05-07T09:00 +02:00');
  });

  it('keeps local window hours across the spring-forward DST change', () => {
    // Sunday 2024-03-31: clocks jump from 02:00 to 03:00 in Berlin.
    const slot = nextPostingSlot({ now: berlin('2024-03-30T20:00'), timeZone: BERLIN, windows: everyDay('09:00', '10:00'), maxPostsPerHour: 1, taken: [] });
    expect(inBerlin(slot)).toBe('2024-03-31T09:00 +02:00');
    expect(slot.toISOString()).toBe('2024-03-31T07:00:00.000Z');
  });

  it('opens a window starting inside the skipped hour at the first valid local time', () => {
    const slot = nextPostingSlot({ now: berlin('2024-03-31T00:30'), timeZone: BERLIN, windows: everyDay('02:30', '04:00'), maxPostsPerHour: 1, taken: [] });
    expect(inBerlin(slot)).toBe('2024-03-31T03:30 +02:00');
  });

  it('keeps local window hours across the fall-back DST change', () => {
    // Sunday 2024-10-27: clocks go back from 03:00 to 02:00.
    const slot = nextPostingSlot({ now: berlin('2024-10-26T23:00'), timeZone: BERLIN, windows: everyDay('09:00', '10:00'), maxPostsPerHour: 1, taken: [] });
    expect(inBerlin(slot)).toBe('2024-10-27T09:00 +01:00');
    expect(slot.toISOString()).toBe('2024-10-27T08:00:00.000Z');
  });

  it('counts the rolling hour in real time through the repeated hour of fall-back', () => {
    // 02:30 +02:00 happened; 02:30 +01:00 is one real hour later, so it is free again.
    const first = DateTime.fromISO('2024-10-27T02:30:00+02:00').toJSDate();
    const slot = nextPostingSlot({ now: new Date(first.getTime() + 60_000), timeZone: BERLIN, windows: [], maxPostsPerHour: 1, taken: [first] });
    expect(slot.toISOString()).toBe('2024-10-27T01:30:00.000Z');
    expect(inBerlin(slot)).toBe('2024-10-27T02:30 +01:00');
  });

  it('supports windows until midnight ("24:00")', () => {
    const slot = nextPostingSlot({ now: berlin('2024-05-06T23:59'), timeZone: BERLIN, windows: everyDay('22:00', '24:00'), maxPostsPerHour: 1, taken: [] });
    expect(inBerlin(slot)).toBe('2024-05-06T23:59 +02:00');
  });

  it('rejects unknown time zones, bad windows and impossible rates', () => {
    const base = { now: new Date(), windows: [], maxPostsPerHour: 1, taken: [] };
    expect(() => nextPostingSlot({ ...base, timeZone: 'Mars/Olympus' })).toThrow(ValidationError);
    expect(() => nextPostingSlot({ ...base, timeZone: BERLIN, windows: [{ weekday: 1, start: '10:00', end: '09:00' }] })).toThrow(ValidationError);
    expect(() => nextPostingSlot({ ...base, timeZone: BERLIN, maxPostsPerHour: 0 })).toThrow(ValidationError);
  });
});

describe('planPublication', () => {
  const base = { timeZone: BERLIN, windows: everyDay('09:00', '17:00'), maxPostsPerHour: 1, taken: [] };

  it('keeps a draft when the channel wants approval', () => {
    expect(planPublication({ ...base, now: berlin('2024-05-06T10:00'), autoPublish: false })).toEqual({ kind: 'draft' });
  });

  it('publishes immediately with auto-publish inside an open window', () => {
    const now = berlin('2024-05-06T10:00');
    expect(planPublication({ ...base, now, autoPublish: true })).toEqual({ kind: 'immediate', at: now });
  });

  it('schedules for the window when it is closed', () => {
    const plan = planPublication({ ...base, now: berlin('2024-05-06T20:00'), autoPublish: true });
    expect(plan.kind).toBe('scheduled');
    expect(plan.kind === 'scheduled' && inBerlin(plan.at)).toBe('2024-05-07T09:00 +02:00');
  });
});

describe('retry backoff', () => {
  it('grows exponentially with jitter and stays under the cap', () => {
    const rng = seededRng(5);
    const delays = [1, 2, 3, 4, 10, 20].map((attempt) => retryDelaySeconds(attempt, rng, { baseSeconds: 30, capSeconds: 600 }));
    expect(delays[0]).toBeGreaterThanOrEqual(15);
    expect(delays[0]).toBeLessThanOrEqual(30);
    expect(delays[1]).toBeGreaterThanOrEqual(30);
    expect(delays[1]).toBeLessThanOrEqual(60);
    expect(delays[3]).toBeGreaterThanOrEqual(120);
    for (const d of delays.slice(4)) {
      expect(d).toBeGreaterThanOrEqual(300);
      expect(d).toBeLessThanOrEqual(600);
    }
  });

  it('never retries sooner than the platform asked', () => {
    expect(retryDelaySeconds(1, seededRng(1), { retryAfterSeconds: 900 })).toBe(900);
    const now = new Date('2024-05-06T10:00:00Z');
    expect(nextRetryAt(now, 1, () => 0, { baseSeconds: 10 }).toISOString()).toBe('2024-05-06T10:00:05.000Z');
  });

  it('spreads replicas that failed together', () => {
    const rng = seededRng(9);
    const delays = new Set(Array.from({ length: 20 }, () => Math.round(retryDelaySeconds(3, rng))));
    expect(delays.size).toBeGreaterThan(10);
  });
});
