import { ValidationError } from '@pulse/errors';
import { DateTime, IANAZone } from 'luxon';

/** An opening on one weekday, in the channel's local time; end is exclusive, "24:00" allowed. */
export interface PostingWindow {
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  start: string;
  end: string;
}

export interface ScheduleInput {
  now: Date;
  /** IANA time zone of the channel, e.g. "Europe/Berlin". */
  timeZone: string;
  /** Empty: always open. */
  windows: readonly PostingWindow[];
  maxPostsPerHour: number;
  /** Times of the channel's posts already scheduled or published (any order). */
  taken: readonly Date[];
  /** How far ahead to look for a slot; default 14 days. */
  horizonDays?: number;
}

export type PublicationPlan = { kind: 'draft' } | { kind: 'immediate'; at: Date } | { kind: 'scheduled'; at: Date };

const HOUR_MS = 3_600_000;

/**
 * What to do with a new post: a draft when the channel wants approval, now when the window is
 * open and the hourly rate allows, otherwise the next free slot.
 */
export function planPublication(input: ScheduleInput & { autoPublish: boolean }): PublicationPlan {
  if (!input.autoPublish) return { kind: 'draft' };
  const at = nextPostingSlot(input);
  return at.getTime() <= input.now.getTime() ? { kind: 'immediate', at: input.now } : { kind: 'scheduled', at };
}

/**
 * The earliest time at or after `now` inside a posting window where one more post keeps every
 * rolling hour at or under `maxPostsPerHour`. Throws when no slot exists within the horizon.
 */
export function nextPostingSlot(input: ScheduleInput): Date {
  const zone = IANAZone.create(input.timeZone);
  if (!zone.isValid) throw new ValidationError('Unknown time zone', [`timeZone: ${input.timeZone}`]);
  if (!Number.isInteger(input.maxPostsPerHour) || input.maxPostsPerHour < 1) {
    throw new ValidationError('maxPostsPerHour must be a positive integer', [`maxPostsPerHour: ${input.maxPostsPerHour}`]);
  }
  const windows = input.windows.map(parseWindow);
  const taken = input.taken.map((d) => d.getTime()).sort((a, b) => a - b);
  const horizonEnd = input.now.getTime() + (input.horizonDays ?? 14) * 24 * HOUR_MS;
  let t = input.now.getTime();
  // Each step moves t to a window opening or to a taken time + 1h, so the loop is bounded.
  for (let step = 0; step < 10_000 && t <= horizonEnd; step += 1) {
    const open = windows.length === 0 ? t : nextOpenTime(t, windows, zone, horizonEnd);
    if (open === undefined) break;
    if (open !== t) {
      t = open;
      continue;
    }
    if (rateAllows(t, taken, input.maxPostsPerHour)) return new Date(t);
    const next = taken.map((s) => s + HOUR_MS).find((s) => s > t);
    if (next === undefined) break;
    t = next;
  }
  throw new ValidationError('No free posting slot within the scheduling horizon', [`timeZone: ${input.timeZone}`]);
}

interface ParsedWindow {
  weekday: number;
  startMinutes: number;
  endMinutes: number;
}

function parseWindow(window: PostingWindow): ParsedWindow {
  const startMinutes = parseClock(window.start);
  const endMinutes = parseClock(window.end);
  if (!Number.isInteger(window.weekday) || window.weekday < 1 || window.weekday > 7 || startMinutes === undefined || endMinutes === undefined || endMinutes <= startMinutes) {
    throw new ValidationError('Invalid posting window', [`window: ${JSON.stringify(window)}`]);
  }
  return { weekday: window.weekday, startMinutes, endMinutes };
}

function parseClock(value: string): number | undefined {
  const match = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (match === null) return undefined;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  return minutes <= 24 * 60 ? minutes : undefined;
}

/**
 * The first instant >= t inside a window. Local wall-clock times are turned into instants per
 * day, so a window keeps its local hours across DST changes; a start inside the spring-forward
 * gap moves to the first valid local time after it (luxon's rule).
 */
function nextOpenTime(t: number, windows: readonly ParsedWindow[], zone: IANAZone, horizonEnd: number): number | undefined {
  const day0 = DateTime.fromMillis(t, { zone }).startOf('day');
  for (let offset = 0; ; offset += 1) {
    const day = day0.plus({ days: offset });
    if (day.toMillis() > horizonEnd) return undefined;
    const opens = windows
      .filter((w) => w.weekday === day.weekday)
      .map((w) => ({ start: atMinutes(day, w.startMinutes), end: atMinutes(day, w.endMinutes) }))
      .filter((w) => w.end > w.start && t < w.end)
      .map((w) => Math.max(t, w.start));
    if (opens.length > 0) return Math.min(...opens);
  }
}

function atMinutes(day: DateTime, minutes: number): number {
  if (minutes === 24 * 60) return day.plus({ days: 1 }).startOf('day').toMillis();
  return day.set({ hour: Math.floor(minutes / 60), minute: minutes % 60 }).toMillis();
}

// No rolling hour [w, w + 1h) may hold more than max posts, i.e. any max + 1 consecutive
// posts (the new one included) must span at least an hour.
function rateAllows(t: number, taken: readonly number[], max: number): boolean {
  const all = [...taken, t].sort((a, b) => a - b);
  const position = all.indexOf(t);
  for (let i = Math.max(0, position - max); i <= position; i += 1) {
    const last = all[i + max];
    const first = all[i];
    if (last !== undefined && first !== undefined && last - first < HOUR_MS) return false;
  }
  return true;
}
