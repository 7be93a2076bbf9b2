import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';
import { PermanentError, RetriableError } from '@pulse/errors';

/** The address a destination was checked at; connect to exactly this one (no second DNS answer). */
export interface ResolvedDestination {
  address: string;
  family: 4 | 6;
}

export interface DestinationGuardOptions {
  /**
   * Exceptions: CIDRs ('10.1.0.0/16'), addresses ('127.0.0.1', '::1') or host names ('hooks.internal')
   * that may be private, e.g. for local development or an in-cluster receiver.
   */
  allow?: readonly string[];
  /** DNS resolution (all addresses); the system resolver by default. */
  lookup?: (hostname: string) => Promise<Array<{ address: string; family: number }>>;
}

/** Checks a destination URL and returns the address to connect to. */
export type DestinationGuard = (url: URL, options?: DestinationGuardOptions) => Promise<ResolvedDestination>;

/**
 * Refuses URLs whose host is (or resolves to) anything but a public unicast address: loopback,
 * private, link-local (cloud metadata at 169.254.169.254), unique-local, CGNAT, multicast, reserved,
 * IPv4-mapped forms of those. Every resolved address must be public, so a name that mixes a public and a
 * private answer is refused too. PermanentError `destination-refused` for a refusal; RetriableError
 * when DNS fails (it may answer next time).
 */
export const assertPublicDestination: DestinationGuard = async (url, options = {}) => {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused(url, `scheme ${url.protocol} is not allowed`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const allow = options.allow ?? [];
  const hostAllowed = allow.some((entry) => entry.toLowerCase() === hostname);

  let candidates: Array<{ address: string; family: number }>;
  if (ipaddr.isValid(hostname)) {
    candidates = [{ address: hostname, family: ipaddr.parse(hostname).kind() === 'ipv4' ? 4 : 6 }];
  } else {
    try {
      candidates = await (options.lookup ?? systemLookup)(hostname);
    } catch (error) {
      throw new RetriableError(`Could not resolve ${hostname}`, { cause: error, code: 'dns-failed' });
    }
    if (candidates.length === 0) throw new RetriableError(`${hostname} has no address`, { code: 'dns-failed' });
  }

  for (const candidate of candidates) {
    const address = ipaddr.process(candidate.address);
    if (hostAllowed || isAllowedAddress(address, allow)) continue;
    const range = address.range();
    if (range !== 'unicast') throw refused(url, `${candidate.address} is a ${range} address`);
  }
  const first = candidates[0]!;
  return { address: ipaddr.process(first.address).toString(), family: ipaddr.process(first.address).kind() === 'ipv4' ? 4 : 6 };
};

function isAllowedAddress(address: ipaddr.IPv4 | ipaddr.IPv6, allow: readonly string[]): boolean {
  return allow.some((entry) => {
    try {
      const cidr = entry.includes('/') ? ipaddr.parseCIDR(entry) : ipaddr.isValid(entry) ? ([ipaddr.process(entry), -1] as const) : undefined;
      if (!cidr) return false;
      const [range, bits] = cidr;
      if (range.kind() !== address.kind()) return false;
      return bits < 0 ? range.toNormalizedString() === address.toNormalizedString() : address.match(range, bits);
    } catch {
      return false;
    }
  });
}

async function systemLookup(hostname: string): Promise<Array<{ address: string; family: number }>> {
  return dnsLookup(hostname, { all: true, verbatim: true });
}

function refused(url: URL, why: string): PermanentError {
  return new PermanentError(`Webhook destination ${url.host} refused: ${why}`, { code: 'destination-refused' });
}
