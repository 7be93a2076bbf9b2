/**
 * Asserts that something does NOT happen: polls `probe` for `durationMs` and throws as soon as it
 * returns false. Absence can only be observed over a bounded window; keep it as short as the
 * slowest path that could still produce the unwanted effect.
 */
export async function holdsFor(
  probe: () => boolean | Promise<boolean>,
  { durationMs, intervalMs = 100, what }: { durationMs: number; intervalMs?: number; what: string },
): Promise<void> {
  const deadline = Date.now() + durationMs;
  for (;;) {
    if (!(await probe())) throw new Error(`Expected ${what} to hold for ${durationMs} ms, but it stopped holding`);
    if (Date.now() >= deadline) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
