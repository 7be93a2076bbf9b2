/**
 * Redis Stream entry ids are `<ms>-<seq>`; comparing them as strings is wrong ("9-0" > "10-0"),
 * so the hub orders them with this.
 */
export function compareStreamIds(a: string, b: string): number {
  if (a === b) return 0;
  // Both parts are decimal numbers without leading zeros (Redis writes them so): a shorter one is
  // smaller, equal lengths compare as text. No BigInt or substring: this runs per client and frame.
  const aDash = dashOf(a);
  const bDash = dashOf(b);
  const ms = compareDigits(a, 0, aDash, b, 0, bDash);
  if (ms !== 0) return ms;
  return compareDigits(a, aDash + 1, a.length, b, bDash + 1, b.length);
}

function dashOf(id: string): number {
  const dash = id.indexOf('-');
  return dash < 0 ? id.length : dash;
}

function compareDigits(a: string, aFrom: number, aTo: number, b: string, bFrom: number, bTo: number): number {
  // Leading zeros (never written by Redis, but "0-0" style inputs stay exact) are skipped first.
  while (aFrom < aTo - 1 && a.charCodeAt(aFrom) === 48) aFrom++;
  while (bFrom < bTo - 1 && b.charCodeAt(bFrom) === 48) bFrom++;
  const aLength = Math.max(0, aTo - aFrom);
  const bLength = Math.max(0, bTo - bFrom);
  if (aLength !== bLength) return aLength < bLength ? -1 : 1;
  for (let i = 0; i < aLength; i++) {
    const diff = a.charCodeAt(aFrom + i) - b.charCodeAt(bFrom + i);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export function isStreamId(value: string): boolean {
  return /^\d+-\d+$/.test(value);
}

/** The id before every real entry, used as "nothing seen yet". */
export const STREAM_START = '0-0';

