import { parseFeedDate, resolvePublishedAt } from '../src/domain/feed-date';

describe('parseFeedDate', () => {
  it.each([
    ['RFC 822 with GMT', 'Mon, 03 Jun 2024 10:00:00 GMT', '2024-06-03T10:00:00.000Z'],
    ['RFC 822 with a numeric offset', 'Mon, 03 Jun 2024 10:00:00 +0200', '2024-06-03T08:00:00.000Z'],
    ['RFC 822 with a US zone', 'Mon, 3 Jun 2024 10:00:00 EST', '2024-06-03T15:00:00.000Z'],
    ['a zone abbreviation V8 does not know', 'Mon, 03 Jun 2024 10:00:00 CEST', '2024-06-03T08:00:00.000Z'],
    ['IST as India', 'Mon, 03 Jun 2024 10:00:00 IST', '2024-06-03T04:30:00.000Z'],
    ['a wrong weekday', 'Fri, 03 Jun 2024 10:00:00 GMT', '2024-06-03T10:00:00.000Z'],
    ['"Sept"', 'Tue, 03 Sept 2024 10:00:00 GMT', '2024-09-03T10:00:00.000Z'],
    ['no zone at all (read as UTC)', 'Mon, 03 Jun 2024 10:00:00', '2024-06-03T10:00:00.000Z'],
    ['a two-digit year', '03 Jun 24 10:00 PDT', '2024-06-03T17:00:00.000Z'],
    ['ISO 8601 with Z', '2024-06-03T10:00:00Z', '2024-06-03T10:00:00.000Z'],
    ['ISO 8601 with an offset without colon', '2024-06-03T10:00:00+0200', '2024-06-03T08:00:00.000Z'],
    ['ISO 8601 with an hour-only offset', '2024-06-03T10:00:00+02', '2024-06-03T08:00:00.000Z'],
    ['ISO with a space and a spaced offset', '2024-06-03 10:00:00 +02:00', '2024-06-03T08:00:00.000Z'],
    ['ISO without zone (read as UTC)', '2024-06-03T10:00:00', '2024-06-03T10:00:00.000Z'],
    ['ISO with nanoseconds', '2024-06-03T10:00:00.123456789Z', '2024-06-03T10:00:00.123Z'],
    ['ISO with a single-digit hour', '2024-06-03 9:05', '2024-06-03T09:05:00.000Z'],
    ['a date only', '2024-06-03', '2024-06-03T00:00:00.000Z'],
    ['surrounding whitespace', '\n   2024-06-03T10:00:00Z \t', '2024-06-03T10:00:00.000Z'],
  ])('reads %s', (_what, raw, iso) => {
    expect(parseFeedDate(raw)?.toISOString()).toBe(iso);
  });

  it.each([['garbage'], [''], ['0000-00-00 00:00:00'], ['Mon, 03 Jun 1970 10:00:00 GMT'], ['Mon, 03 Jun 2024 25:61:00 GMT']])('gives up on %j', (raw) => {
    expect(parseFeedDate(raw)).toBeUndefined();
  });

  it('does not depend on the process time zone', () => {
    const original = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(parseFeedDate('2024-06-03 10:00:00')?.toISOString()).toBe('2024-06-03T10:00:00.000Z');
      expect(parseFeedDate('Mon, 03 Jun 2024 10:00:00')?.toISOString()).toBe('2024-06-03T10:00:00.000Z');
    } finally {
      process.env.TZ = original;
    }
  });
});

describe('resolvePublishedAt', () => {
  const firstSeen = new Date('2025-06-06T12:00:00Z');

  it('keeps a plausible feed date', () => {
    expect(resolvePublishedAt(new Date('2025-06-06T08:00:00Z'), firstSeen)).toEqual({ publishedAt: new Date('2025-06-06T08:00:00Z'), from: 'feed' });
  });

  it('falls back to first seen when the feed gives no date', () => {
    expect(resolvePublishedAt(undefined, firstSeen)).toEqual({ publishedAt: firstSeen, from: 'first-seen' });
  });

  it('falls back to first seen for a date in the future beyond clock skew', () => {
    expect(resolvePublishedAt(new Date('2025-06-07T12:00:00Z'), firstSeen).from).toBe('first-seen');
    expect(resolvePublishedAt(new Date('2025-06-06T12:05:00Z'), firstSeen).from).toBe('feed');
  });
});
