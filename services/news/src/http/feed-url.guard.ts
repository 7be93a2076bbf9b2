import { ValidationError } from '@pulse/errors';
import { assertPublicDestination, isSsrfRefusal, type SsrfGuard } from '@pulse/safe-http';

/**
 * Refuses a feed URL at creation when it points at a forbidden address (loopback, private,
 * link-local, metadata...) or is not http(s), unless FEED_ALLOWED_HOSTS allows it. A name that
 * does not resolve right now (or not within timeoutMs) is accepted: the fetch records the error
 * and the guard runs again on every fetch.
 */
export async function assertFeedUrlAllowed(guard: SsrfGuard, url: string, field = 'url', timeoutMs = 3_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
  try {
    await Promise.race([assertPublicDestination(url, guard).then(() => undefined), timeout]);
  } catch (error) {
    if (isSsrfRefusal(error)) throw new ValidationError('The feed URL is not allowed', [`${field}: ${(error as Error).message}`]);
    // DNS failures and the like: not a reason to refuse the subscription.
  } finally {
    clearTimeout(timer);
  }
}
