/**
 * V8 represents `body.slice(a, b)` (and many parser substrings) as a SlicedString that points into
 * the whole source string. A 30-character title sliced from a 150 KB feed body keeps all 150 KB
 * alive for as long as the title lives: through the write queue, the transaction and the outbox.
 * These copies hold only their own characters, so the body is garbage as soon as parsing ends.
 */

/** A flat copy of `value` that references no larger string (cheap: one copy of its own length). */
export function detachString(value: string): string {
  // Concatenation makes a ConsString; slicing it flattens the pair into a fresh sequential string
  // of length + 1 and slices that, so the result keeps only the copy alive, never `value`'s parent.
  return value.length === 0 ? value : (' ' + value).slice(1);
}

/** `detachString` for optional values. */
export function detachOptional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : detachString(value);
}
