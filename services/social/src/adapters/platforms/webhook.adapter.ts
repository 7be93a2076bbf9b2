import { createHmac } from 'node:crypto';
import { Agent } from 'undici';
import { z } from 'zod';
import { pinnedLookup, type ResolvedAddress } from '@pulse/safe-http';
import type { OutgoingPost, PlatformAdapter, PlatformAdapterOptions, PlatformCredentials, PublishResult } from './platform-adapter';
import { parseCredentials, platformFetch } from './platform-http';

const credentialsSchema = z.object({
  url: z.url(),
  /** Shared secret for the HMAC signature. */
  secret: z.string().min(16),
});

const replySchema = z.object({ id: z.union([z.string(), z.number()]).optional(), url: z.string().optional() });

/** Header value `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, as receivers verify it. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookAdapterOptions extends Partial<PlatformAdapterOptions> {
  /**
   * Checks a target before anything is sent (SSRF: refuse private and loopback addresses);
   * throws to refuse. When it resolves with the checked address, the request connects to exactly
   * that address (no second DNS lookup that could rebind). Tests that post to 127.0.0.1 leave it out.
   */
  guardUrl?: (url: string) => Promise<ResolvedAddress | void> | ResolvedAddress | void;
}

/**
 * A generic signed webhook: the receiver gets the post as JSON and dedupes on
 * `Pulse-Event-Id` / `Idempotency-Key`, which stay the same on every retry. A receiver cannot be
 * asked what it already has, so `findExisting` knows nothing and a retry relies on that dedupe.
 */
export class WebhookAdapter implements PlatformAdapter {
  readonly platform = 'webhook' as const;

  constructor(private readonly options: WebhookAdapterOptions = {}) {}

  async publish(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult> {
    const creds = parseCredentials('webhook', credentialsSchema, credentials);
    const destination = (await this.options.guardUrl?.(creds.url)) ?? undefined;
    const now = this.options.now?.() ?? new Date();
    const body = JSON.stringify({
      id: idempotencyKey,
      type: 'post.publish',
      createdAt: post.createdAt.toISOString(),
      post: {
        text: post.text,
        link: post.link ?? null,
        hashtags: post.hashtags,
        language: post.language ?? null,
        card: post.card ?? null,
      },
      metadata: post.metadata ?? {},
    });
    // One agent per send, bound to the checked address (as notification's deliveries do).
    const agent = destination === undefined ? undefined : new Agent({ connect: { lookup: pinnedLookup(destination), timeout: this.options.timeoutMs ?? 10_000 } });
    let response;
    try {
      response = await platformFetch('webhook', creds.url, {
        method: 'POST',
        body,
        headers: {
          'pulse-signature': signWebhook(creds.secret, Math.floor(now.getTime() / 1000), body),
          'pulse-event-id': idempotencyKey,
          'idempotency-key': idempotencyKey,
        },
        timeoutMs: this.options.timeoutMs,
        now: this.options.now,
        ...(agent === undefined ? {} : { dispatcher: agent }),
      });
    } finally {
      await agent?.destroy().catch(() => undefined);
    }
    const reply = replySchema.safeParse(response.json);
    const remoteId = reply.success && reply.data.id !== undefined ? String(reply.data.id) : idempotencyKey;
    const remoteUrl = reply.success ? reply.data.url : undefined;
    return remoteUrl === undefined ? { remoteId } : { remoteId, remoteUrl };
  }

  async findExisting(_post?: OutgoingPost, _credentials?: PlatformCredentials, _idempotencyKey?: string): Promise<PublishResult | undefined> {
    return undefined;
  }

  async fetchMetrics(_remoteId?: string, _credentials?: PlatformCredentials): Promise<undefined> {
    return undefined;
  }
}
