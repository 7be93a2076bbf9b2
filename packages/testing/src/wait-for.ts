/**
 * Polls `probe` until it returns a truthy value (returned) or `timeoutMs` passes (throws with `what`).
 * The default bound is generous on purpose: it only decides how long a broken test takes to fail,
 * and CI runs integration suites side by side on two busy cores.
 */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  { timeoutMs = 45_000, intervalMs = 50, what = 'condition' }: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const suffix = lastError ? ` (last error: ${String(lastError)})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${suffix}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
