import { z } from 'zod';
import type { EngagementMetrics } from '../../domain/variant-selection';
import { toLittleText } from './linkedin-little-text';
import type { OutgoingPost, PlatformAdapter, PlatformAdapterOptions, PlatformCredentials, PublishResult } from './platform-adapter';
import { joinUrl, parseCredentials, platformFetch, unexpectedBody, type PlatformRequest } from './platform-http';

const credentialsSchema = z.object({
  accessToken: z.string().min(1),
  /** The member or organization posting: urn:li:person:... or urn:li:organization:... */
  author: z.string().regex(/^urn:li:(person|organization):[A-Za-z0-9_-]+$/),
});
type Credentials = z.infer<typeof credentialsSchema>;

const postsSchema = z.object({ elements: z.array(z.object({ id: z.string(), commentary: z.string().optional() })) });
const socialActionsSchema = z.object({
  likesSummary: z.object({ totalLikes: z.number() }).optional(),
  commentsSummary: z.object({ aggregatedTotalComments: z.number().optional(), totalFirstLevelComments: z.number().optional() }).optional(),
});

export interface LinkedInAdapterOptions extends PlatformAdapterOptions {
  /** LinkedIn-Version header (YYYYMM); LinkedIn retires versions after a year. */
  apiVersion?: string;
}

const RECENT_POSTS = 20;

/** LinkedIn Posts API (`/rest/posts`, versioned, Rest.li 2.0). */
export class LinkedInAdapter implements PlatformAdapter {
  readonly platform = 'linkedin' as const;

  constructor(private readonly options: LinkedInAdapterOptions) {}

  async publish(post: OutgoingPost, credentials: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult> {
    const creds = parseCredentials('linkedin', credentialsSchema, credentials);
    const body: Record<string, unknown> = {
      author: creds.author,
      commentary: toLittleText(post),
      visibility: 'PUBLIC',
      distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
      lifecycleState: 'PUBLISHED',
      isReshareDisabledByAuthor: false,
    };
    if (post.link !== undefined && post.card !== undefined) {
      body.content = { article: { source: post.link.href, title: post.card.title, description: post.card.description ?? '' } };
    }
    const response = await this.call(creds, '/rest/posts', { method: 'POST', body });
    const id = response.headers.get('x-restli-id');
    if (id === null || id === '') throw unexpectedBody('linkedin', response, 'an x-restli-id header');
    return toResult(id);
  }

  async findExisting(post: OutgoingPost, credentials: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult | undefined> {
    const creds = parseCredentials('linkedin', credentialsSchema, credentials);
    const query = new URLSearchParams({ q: 'author', author: creds.author, count: String(RECENT_POSTS), sortBy: 'LAST_MODIFIED' });
    const response = await this.call(creds, `/rest/posts?${query.toString()}`, { headers: { 'x-restli-method': 'FINDER' } });
    const posts = postsSchema.safeParse(response.json);
    if (!posts.success) return undefined;
    const commentary = toLittleText(post);
    const match = posts.data.elements.find((p) => p.commentary === commentary);
    return match === undefined ? undefined : toResult(match.id);
  }

  async fetchMetrics(remoteId: string, credentials: PlatformCredentials): Promise<EngagementMetrics | undefined> {
    const creds = parseCredentials('linkedin', credentialsSchema, credentials);
    const response = await this.call(creds, `/rest/socialActions/${encodeURIComponent(remoteId)}`, {}, [404]);
    if (response.status === 404) return undefined;
    const actions = socialActionsSchema.safeParse(response.json);
    if (!actions.success) throw unexpectedBody('linkedin', response, 'social actions');
    const comments = actions.data.commentsSummary;
    return { likes: actions.data.likesSummary?.totalLikes ?? 0, reposts: 0, replies: comments?.aggregatedTotalComments ?? comments?.totalFirstLevelComments ?? 0 };
  }

  private call(creds: Credentials, path: string, request: PlatformRequest = {}, allow: number[] = []) {
    return platformFetch(
      'linkedin',
      joinUrl(this.options.baseUrl, path),
      {
        ...request,
        headers: {
          authorization: `Bearer ${creds.accessToken}`,
          'linkedin-version': this.options.apiVersion ?? '202506',
          'x-restli-protocol-version': '2.0.0',
          ...request.headers,
        },
        timeoutMs: this.options.timeoutMs,
        now: this.options.now,
      },
      allow,
    );
  }
}

function toResult(urn: string): PublishResult {
  return { remoteId: urn, remoteUrl: `https://www.linkedin.com/feed/update/${urn}/` };
}
