import { assertPublicDestination, SsrfGuard, type HostResolver } from '@pulse/safe-http';

/**
 * The SSRF check for webhook channels (the URL is tenant input), from @pulse/safe-http: http(s)
 * only, and the host must resolve to public addresses only unless WEBHOOK_ALLOWED_CIDRS (CIDRs,
 * addresses or host names) allows them. Refusals are PermanentErrors (`ssrf-blocked`,
 * `unsupported-url`); a host that does not resolve is a RetriableError (`dns-failed`). Built once,
 * so a malformed entry stops the service at boot.
 */
export function createWebhookUrlGuard(allowed: readonly string[], resolver?: HostResolver): (url: string) => Promise<void> {
  const guard = new SsrfGuard({ allow: allowed, ...(resolver === undefined ? {} : { resolver }) });
  return async (url) => {
    await assertPublicDestination(url, guard);
  };
}
