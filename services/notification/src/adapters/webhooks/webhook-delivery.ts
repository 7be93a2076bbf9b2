import { Agent, request } from 'undici';
import { PulseError, describeError, isRetriable } from '@pulse/errors';
import { assertPublicDestination, pinnedLookup, type ResolvedAddress, type SsrfGuard } from '@pulse/safe-http';
import { classifyStatus, type AttemptOutcome } from '../../domain/delivery-classification';
import type { DigestPayload } from '../../domain/digest';
import type { LiveEvent } from '../../domain/live-event';
import { parseRetryAfter } from '../../domain/retry-policy';
import { WEBHOOK_HEADERS, signWebhook } from '../../domain/webhook-signature';
import type { WebhookSubscription } from '../../domain/webhook-subscription';

/** What a webhook request carries: one event, or a digest of several. */
export type WebhookPayload = LiveEvent | DigestPayload;

export interface DeliveryOptions {
  /** Stable across the retries of one delivery (Pulse-Delivery-Id). */
  deliveryId: string;
  attempt?: number;
  /** Whole attempt: connect, headers and the bounded body read. */
  timeoutMs?: number;
  /** Response bytes read (and kept for the delivery log); the rest is discarded unread. */
  maxResponseBytes?: number;
  /** Private destinations allowed anyway (SSRF exceptions, see @pulse/safe-http); ignored when `guard` is given. */
  allow?: readonly string[];
  /** The SSRF guard, built once from the allow-list (a long-lived dispatcher passes its own). */
  guard?: SsrfGuard;
  /** Unix seconds for the signature timestamp. */
  nowSeconds?: () => number;
}

/** One attempt as the delivery log records it. */
export interface AttemptResult {
  deliveryId: string;
  attempt: number;
  outcome: AttemptOutcome;
  status?: number;
  /** From the receiver's Retry-After, for the retry policy. */
  retryAfterMs?: number;
  /** The start of the response body, at most maxResponseBytes. */
  responseBody?: string;
  error?: string;
  durationMs: number;
}

/**
 * Sends one signed webhook attempt. The destination is checked against SSRF and the connection goes
 * to the checked address (a second DNS answer cannot redirect it); redirects are not followed (a 3xx
 * is a permanent failure); time and response size are capped. Never throws: every failure becomes
 * an outcome for the retry policy.
 */
export async function deliverWebhook(subscription: WebhookSubscription, payload: WebhookPayload, options: DeliveryOptions): Promise<AttemptResult> {
  const started = Date.now();
  const attempt = options.attempt ?? 1;
  const base = { deliveryId: options.deliveryId, attempt };
  const finish = (result: Omit<AttemptResult, 'deliveryId' | 'attempt' | 'durationMs'>): AttemptResult => ({
    ...base,
    ...result,
    durationMs: Date.now() - started,
  });

  let url: URL;
  let destination: ResolvedAddress;
  try {
    url = new URL(subscription.url);
    destination = await assertPublicDestination(url, options.guard ?? { allow: options.allow ?? [] });
  } catch (error) {
    const retriable = error instanceof PulseError ? error.retriable : false;
    return finish({ outcome: retriable ? 'retriable' : 'permanent', error: describeError(error) });
  }

  const body = JSON.stringify(payload);
  const timestamp = (options.nowSeconds ?? (() => Math.floor(Date.now() / 1000)))();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const agent = new Agent({
    connect: { lookup: pinnedLookup(destination), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
  try {
    const response = await request(url, {
      dispatcher: agent,
      method: 'POST',
      body,
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Pulse-Webhooks/1',
        [WEBHOOK_HEADERS.signature]: signWebhook(subscription.secret, timestamp, body),
        [WEBHOOK_HEADERS.eventId]: payload.id,
        [WEBHOOK_HEADERS.eventType]: payload.type,
        [WEBHOOK_HEADERS.deliveryId]: options.deliveryId,
      },
    });
    const responseBody = await readCapped(response.body, options.maxResponseBytes ?? 4096);
    const retryAfter = response.headers['retry-after'];
    const retryAfterMs = parseRetryAfter(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
    return finish({
      outcome: classifyStatus(response.statusCode),
      status: response.statusCode,
      responseBody,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  } catch (error) {
    // Timeouts, resets, refused connections: the receiver may be back later. Anything else is ours to fix.
    return finish({ outcome: isRetriable(error) || isNetworkError(error) ? 'retriable' : 'permanent', error: describeError(error) });
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

/** Reads at most `limit` bytes, then drops the stream so a huge or endless body cannot hold us. */
async function readCapped(stream: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) break;
  }
  stream.destroy();
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code.startsWith('UND_ERR') || /^E[A-Z]+$/.test(code));
}
