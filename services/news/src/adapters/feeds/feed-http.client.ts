import { GuardedHttpClient as SafeHttpClient, type GuardedHttpClientOptions } from '@pulse/safe-http';

export const NEWS_USER_AGENT = 'PulseNewsBot/1.0 (+https://github.com/pulse/pulse)';

/**
 * News' outbound client: the shared SSRF-guarded client of @pulse/safe-http (feeds and article
 * pages are user-given URLs), announcing itself as Pulse's news bot unless FETCH_USER_AGENT names
 * another agent. Same name as the shared class so callers do not care which one they hold.
 */
export class GuardedHttpClient extends SafeHttpClient {
  constructor(options: GuardedHttpClientOptions = {}) {
    super({ ...options, userAgent: options.userAgent ?? NEWS_USER_AGENT });
  }
}
