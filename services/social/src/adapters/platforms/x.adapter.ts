import { PermanentError } from '@pulse/errors';
import { z } from 'zod';
import type { EngagementMetrics } from '../../domain/variant-selection';
import type { OutgoingPost, PlatformAdapter, PlatformAdapterOptions, PlatformCredentials, PublishResult } from './platform-adapter';
import { joinUrl, parseCredentials, platformFetch, unexpectedBody, type PlatformRequest } from './platform-http';
import { samePostText } from './post-text-match';

const credentialsSchema = z.object({
  /** OAuth 2.0 user access token with tweet.write (and tweet.read, users.read for recovery). */
  accessToken: z.string().min(1),
});
type Credentials = z.infer<typeof credentialsSchema>;

const createdSchema = z.object({ data: z.object({ id: z.string().min(1) }) });
const meSchema = z.object({ data: z.object({ id: z.string().min(1) }) });
const timelineSchema = z.object({ data: z.array(z.object({ id: z.string(), text: z.string() })).optional() });
const metricsSchema = z.object({
  data: z.object({ public_metrics: z.object({ like_count: z.number(), retweet_count: z.number(), reply_count: z.number(), quote_count: z.number().optional(), impression_count: z.number().optional() }) }).optional(),
});

const RECENT_TWEETS = 20;

/**
 * X API v2. X has no idempotency key, so a publish whose outcome is unknown is recovered with
 * `findExisting` (the text among the account's latest posts); X also refuses exact duplicates
 * with 403, which is taken as a sign the earlier try got through.
 */
export class XAdapter implements PlatformAdapter {
  readonly platform = 'x' as const;

  constructor(private readonly options: PlatformAdapterOptions) {}

  async publish(post: OutgoingPost, credentials: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult> {
    const creds = parseCredentials('x', credentialsSchema, credentials);
    try {
      const response = await this.call(creds, '/2/tweets', { method: 'POST', body: { text: post.text } });
      const created = createdSchema.safeParse(response.json);
      if (!created.success) throw unexpectedBody('x', response, 'the new post');
      return toResult(created.data.data.id);
    } catch (error) {
      if (error instanceof PermanentError && /duplicate content/i.test(String(error.details?.reason ?? ''))) {
        const existing = await this.findExisting(post, credentials);
        if (existing !== undefined) return existing;
      }
      throw error;
    }
  }

  async findExisting(post: OutgoingPost, credentials: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult | undefined> {
    const creds = parseCredentials('x', credentialsSchema, credentials);
    const me = meSchema.safeParse((await this.call(creds, '/2/users/me')).json);
    if (!me.success) return undefined;
    const response = await this.call(creds, `/2/users/${encodeURIComponent(me.data.data.id)}/tweets?max_results=${RECENT_TWEETS}&exclude=replies,retweets`);
    const timeline = timelineSchema.safeParse(response.json);
    const match = timeline.success ? timeline.data.data?.find((t) => samePostText(t.text, post.text)) : undefined;
    return match === undefined ? undefined : toResult(match.id);
  }

  async fetchMetrics(remoteId: string, credentials: PlatformCredentials): Promise<EngagementMetrics | undefined> {
    const creds = parseCredentials('x', credentialsSchema, credentials);
    const response = await this.call(creds, `/2/tweets/${encodeURIComponent(remoteId)}?tweet.fields=public_metrics`, {}, [404]);
    // A deleted post comes back as 200 with only `errors`.
    const parsed = metricsSchema.safeParse(response.json);
    if (!parsed.success) throw unexpectedBody('x', response, 'public metrics');
    const metrics = parsed.data.data?.public_metrics;
    if (metrics === undefined) return undefined;
    return {
      likes: metrics.like_count,
      reposts: metrics.retweet_count + (metrics.quote_count ?? 0),
      replies: metrics.reply_count,
      ...(metrics.impression_count === undefined ? {} : { impressions: metrics.impression_count }),
    };
  }

  private call(creds: Credentials, path: string, request: PlatformRequest = {}, allow: number[] = []) {
    return platformFetch(
      'x',
      joinUrl(this.options.baseUrl, path),
      { ...request, headers: { authorization: `Bearer ${creds.accessToken}` }, timeoutMs: this.options.timeoutMs, now: this.options.now },
      allow,
    );
  }
}

function toResult(id: string): PublishResult {
  return { remoteId: id, remoteUrl: `https://x.com/i/web/status/${id}` };
}
