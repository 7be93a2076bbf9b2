import { describeError, ValidationError } from '@pulse/errors';
import { isSsrfRefusal, type SsrfGuard } from '../adapters/feeds';

/**
 * Refuses a feed URL at creation when it points at a forbidden address (loopback, private,
 * link-local, metadata...) unless FEED_ALLOWED_HOSTS allows it. A name that does not resolve
 * right now is accepted: the fetch records the error and the guard runs again on every fetch.
 */
export async function assertFeedUrlAllowed(guard: SsrfGuard, url: string, field = 'url', timeoutMs = 3_000): Promise<void> {
  try {
    const parsed = new URL(url);
    guard.checkUrl(parsed);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); });
    try {
      await Promise.race([guard.resolve(parsed.hostname).then(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
    }
  } catch (error) {
    if (isSsrfRefusal(error)) throw new ValidationError('The feed URL is not allowed', [`${field}: ${(error as Error).message}`]);
    if (error instanceof ValidationError) throw error;
    if ((error as { code?: unknown }).code === 'unsupported-url') throw new ValidationError('The feed URL is not allowed', [`${field}: ${describeError(error)}`]);
    // DNS failures and the like: not a reason to refuse the subscription.
  }
}
