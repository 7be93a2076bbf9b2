import type { Platform } from '../../domain/platform';
import { BlueskyAdapter } from './bluesky.adapter';
import { LinkedInAdapter } from './linkedin.adapter';
import { MastodonAdapter } from './mastodon.adapter';
import type { PlatformAdapter } from './platform-adapter';
import type { WebhookUrlGuard } from './webhook-url-guard';
import { WebhookAdapter } from './webhook.adapter';
import { XAdapter } from './x.adapter';

export interface PlatformAdaptersConfig {
  mastodonBaseUrl: string;
  blueskyBaseUrl: string;
  xBaseUrl: string;
  linkedinBaseUrl: string;
  linkedinApiVersion?: string;
  timeoutMs?: number;
  now?: () => Date;
  /** SSRF guard for webhook targets; the send connects to the address it checked. */
  guardWebhookUrl?: WebhookUrlGuard;
}

/** One adapter per platform, configured with each platform's base URL. */
export function createPlatformAdapters(config: PlatformAdaptersConfig): Record<Platform, PlatformAdapter> {
  const common = { timeoutMs: config.timeoutMs, now: config.now };
  return {
    mastodon: new MastodonAdapter({ ...common, baseUrl: config.mastodonBaseUrl }),
    bluesky: new BlueskyAdapter({ ...common, baseUrl: config.blueskyBaseUrl }),
    x: new XAdapter({ ...common, baseUrl: config.xBaseUrl }),
    linkedin: new LinkedInAdapter({ ...common, baseUrl: config.linkedinBaseUrl, ...(config.linkedinApiVersion === undefined ? {} : { apiVersion: config.linkedinApiVersion }) }),
    webhook: new WebhookAdapter({ ...common, ...(config.guardWebhookUrl === undefined ? {} : { guardUrl: config.guardWebhookUrl }) }),
  };
}

/** Production endpoints; Mastodon and Bluesky accounts usually name their own instance in credentials. */
export const DEFAULT_PLATFORM_BASE_URLS = {
  mastodonBaseUrl: 'https://mastodon.social',
  blueskyBaseUrl: 'https://bsky.social',
  xBaseUrl: 'https://api.x.com',
  linkedinBaseUrl: 'https://api.linkedin.com',
} as const;
