import type { ComposedPost } from '../../domain/post-composer';
import type { Platform } from '../../domain/platform';
import type { EngagementMetrics } from '../../domain/variant-selection';

/** A composed post plus what some platforms need beside the text. */
export interface OutgoingPost extends ComposedPost {
  /**
   * When the post was created locally. Must be the same on every retry: Bluesky derives its
   * record key from it and the idempotency key.
   */
  createdAt: Date;
  /** ISO 639-1 language of the text. */
  language?: string;
  /** Article title and description for link cards (Bluesky, LinkedIn). */
  card?: { title: string; description?: string };
  /** Pulse identifiers forwarded to generic webhooks. */
  metadata?: Readonly<Record<string, string>>;
}

export interface PublishResult {
  remoteId: string;
  /** A link to the post, when the platform has one. */
  remoteUrl?: string;
}

/** Decrypted channel credentials; each adapter checks the fields it needs. */
export type PlatformCredentials = Readonly<Record<string, string>>;

/**
 * One social platform. Every method throws RetriableError for transient failures (429, 5xx,
 * network; with `retryAfterSeconds` when the platform says) and PermanentError for the rest
 * (401/403/400/422, carrying the platform's reason).
 */
export interface PlatformAdapter {
  readonly platform: Platform;
  /** Publishes once per idempotency key where the platform allows it. */
  publish(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult>;
  /**
   * The post already published for this key, if any: call before retrying a publish whose
   * outcome is unknown (a crash or timeout after sending), so a retry never posts twice.
   */
  findExisting(post: OutgoingPost, credentials: PlatformCredentials, idempotencyKey: string): Promise<PublishResult | undefined>;
  /** Engagement counts, or undefined when the platform does not offer them or the post is gone. */
  fetchMetrics(remoteId: string, credentials: PlatformCredentials): Promise<EngagementMetrics | undefined>;
}

/** Settings every adapter takes. */
export interface PlatformAdapterOptions {
  /** API base URL; tests point it at a local fake. */
  baseUrl: string;
  /** Per-request timeout. Default 10 s. */
  timeoutMs?: number;
  /** Clock for rate-limit reset headers given as absolute times. */
  now?: () => Date;
}
