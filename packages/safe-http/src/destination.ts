import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentError } from '@pulse/errors';
import { SsrfGuard, type ResolvedAddress, type SsrfPolicy } from './ssrf-guard';

function parseUrl(url: URL | string): URL {
  if (url instanceof URL) return url;
  try {
    return new URL(url);
  } catch (error) {
    throw new PermanentError(`Not a valid URL: ${url.slice(0, 200)}`, { code: 'invalid-url', cause: error });
  }
}

/**
 * Checks a destination before a request: http(s) only, and its host is (or resolves only to)
 * public addresses unless the policy allows it. Resolves with the checked address to connect to
 * (see `pinnedLookup`). PermanentError `ssrf-blocked` / `unsupported-url` / `invalid-url` for a
 * refusal, RetriableError `dns-failed` when the name does not resolve (it may next time).
 */
export async function assertPublicDestination(url: URL | string, policy: SsrfPolicy | SsrfGuard = {}): Promise<ResolvedAddress> {
  const guard = policy instanceof SsrfGuard ? policy : new SsrfGuard(policy);
  const parsed = parseUrl(url);
  guard.checkUrl(parsed);
  const [first] = await guard.resolve(parsed.hostname);
  // IPv4-mapped IPv6 answers connect as the IPv4 address they stand for.
  const ip = ipaddr.process(first!.address);
  return { address: ip.toString(), family: ip.kind() === 'ipv4' ? 4 : 6 };
}

/** A net.connect `lookup` that answers every name with one already-checked address (no second DNS answer). */
export function pinnedLookup(destination: ResolvedAddress): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: destination.address, family: destination.family }]);
    else callback(null, destination.address, destination.family);
  }) as unknown as LookupFunction;
}
