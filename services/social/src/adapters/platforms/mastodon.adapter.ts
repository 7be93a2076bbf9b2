import { z } from 'zod';
import type { EngagementMetrics } from '../../domain/variant-selection';
import type { OutgoingPost, PlatformAdapter, PlatformAdapterOptions, PlatformCredentials, PublishResult } from './platform-adapter';
import { joinUrl, parseCredentials, platformFetch, unexpectedBody, type PlatformRequest } from './platform-http';
import { htmlToText, samePostText } from './post-text-match';

const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  /** The account's instance; overrides the adapter's base URL. */
  instanceUrl: z.url().optional(),
});

const statusSchema = z.object({ id: z.string().min(1), url: z.string().nullish(), uri: z.string().optional(), content: z.string().optional() });
const metricsSchema = z.object({ favourites_count: z.number(), reblogs_count: z.number(), replies_count: z.number() });

/** How many of the account's latest statuses a crash-recovery check reads. */
const RECENT_STATUSES = 40;

/**
 * Mastodon (API v1). `Idempotency-Key` makes the instance return the first status for a repeated
 * key for an hour; past that, `findExisting` looks for the text among the account's recent statuses.
 */
export class MastodonAdapter implements PlatformAdapter {
  readonly platform = 'mastodon' as const;

  constructor(private readonly options: PlatformAdapterOptions) {}

  async publish(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult> {
    const creds = parseCredentials('mastodon', credentialsSchema, credentials);
    const body: Record<string, string> = { status: post.text, visibility: 'public' };
    if (post.language !== undefined) body.language = post.language;
    const response = await this.call(creds, '/api/v1/statuses', { method: 'POST', body, headers: { 'idempotency-key': idempotencyKey } });
    const status = statusSchema.safeParse(response.json);
    if (!status.success) throw unexpectedBody('mastodon', response, 'a status');
    return toResult(status.data);
  }

  async findExisting(post: OutgoingPost, credentials: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult | undefined> {
    const creds = parseCredentials('mastodon', credentialsSchema, credentials);
    const account = z.object({ id: z.string() }).safeParse((await this.call(creds, '/api/v1/accounts/verify_credentials')).json);
    if (!account.success) return undefined;
    const path = `/api/v1/accounts/${encodeURIComponent(account.data.id)}/statuses?limit=${RECENT_STATUSES}&exclude_replies=true&exclude_reblogs=true`;
    const statuses = z.array(statusSchema).safeParse((await this.call(creds, path)).json);
    if (!statuses.success) return undefined;
    const match = statuses.data.find((s) => samePostText(htmlToText(s.content ?? ''), post.text));
    return match === undefined ? undefined : toResult(match);
  }

  async fetchMetrics(remoteId: string, credentials: PlatformCredentials): Promise<EngagementMetrics | undefined> {
    const creds = parseCredentials('mastodon', credentialsSchema, credentials);
    const response = await this.call(creds, `/api/v1/statuses/${encodeURIComponent(remoteId)}`, {}, [404]);
    if (response.status === 404) return undefined;
    const metrics = metricsSchema.safeParse(response.json);
    if (!metrics.success) throw unexpectedBody('mastodon', response, 'status counts');
    return { likes: metrics.data.favourites_count, reposts: metrics.data.reblogs_count, replies: metrics.data.replies_count };
  }

  private call(creds: z.infer<typeof credentialsSchema>, path: string, request: PlatformRequest = {}, allow: number[] = []) {
    const base = creds.instanceUrl ?? this.options.baseUrl;
    return platformFetch(
      'mastodon',
      joinUrl(base, path),
      { ...request, headers: { authorization: `Bearer ${creds.accessToken}`, ...request.headers }, timeoutMs: this.options.timeoutMs, now: this.options.now },
      allow,
    );
  }
}

function toResult(status: z.infer<typeof statusSchema>): PublishResult {
  const remoteUrl = status.url ?? status.uri;
  return remoteUrl === undefined || remoteUrl === null ? { remoteId: status.id } : { remoteId: status.id, remoteUrl };
}
