import { PermanentError, PulseError } from '@pulse/errors';
import { assertPublicDestination, SsrfGuard, type HostResolver, type ResolvedAddress } from '@pulse/safe-http';

/**
 * The SSRF check for webhook channels (the URL is tenant input), from @pulse/safe-http: http(s)
 * only, and the host must resolve to public addresses only unless WEBHOOK_ALLOWED_CIDRS (CIDRs,
 * addresses or host names) allows them. Resolves with the checked address: the adapter connects
 * to exactly that one (`pinnedLookup`), so a second DNS answer cannot point the request elsewhere.
 * Refusals are PermanentErrors (`ssrf-blocked`, `unsupported-url`); a host that does not resolve
 * is a RetriableError (`dns-failed`). Built once, so a malformed entry stops the service at boot.
 */
export type WebhookUrlGuard = (url: string) => Promise<ResolvedAddress>;

export function createWebhookUrlGuard(allowed: readonly string[], resolver?: HostResolver): WebhookUrlGuard {
  const guard = new SsrfGuard({ allow: allowed, ...(resolver === undefined ? {} : { resolver }) });
  return (url) => assertPublicDestination(url, guard);
}

/**
 * Checks a webhook channel's URL when a tenant sets it: http(s), no user:password in it (a
 * secret there would sit in logs and Referer headers; the signature secret has its own field),
 * and the SSRF guard. Anything else is a 422 naming the reason; a name that does not resolve
 * now is refused too, since nothing could be sent to it.
 */
export async function assertWebhookChannelUrl(url: unknown, guard: WebhookUrlGuard): Promise<void> {
  const refuse = (why: string, cause?: unknown): never => {
    throw new PermanentError(`The webhook URL is not allowed: ${why}`, {
      code: 'webhook-url-refused',
      details: { errors: [`body.credentials.url: ${why}`] },
      ...(cause === undefined ? {} : { cause }),
    });
  };
  if (typeof url !== 'string' || !URL.canParse(url)) return refuse('must be an absolute http(s) URL');
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return refuse(`scheme ${parsed.protocol.replace(/:$/, '')} is not allowed; only http and https`);
  if (parsed.username !== '' || parsed.password !== '') return refuse('must not contain credentials (user:password@); the signing secret goes in credentials.secret');
  try {
    await guard(url);
  } catch (error) {
    refuse(error instanceof PulseError ? error.message : 'the destination could not be checked', error);
  }
}
