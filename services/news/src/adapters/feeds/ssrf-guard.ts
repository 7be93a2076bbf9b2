/**
 * SSRF guard for outbound fetches: a feed URL is user input, so it must not reach loopback, the
 * private network, link-local (cloud metadata at 169.254.169.254 / fd00:ec2::254), CGNAT,
 * multicast or reserved addresses. Names are resolved here and every resolved address is
 * checked; the HTTP agent then connects to exactly the checked address (see `lookup`), so a DNS
 * answer that changes between check and connect (rebinding) cannot slip through.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentError, ValidationError } from '@pulse/errors';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses (injectable so tests can play DNS). */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SsrfPolicy {
  /**
   * Exceptions: CIDRs ("127.0.0.1/32", "10.0.0.0/8", "::1/128") whose addresses may be reached,
   * or host names ("feeds.internal", "*.corp.example") whose addresses are all accepted.
   */
  allow?: string[];
}

export const systemResolver: HostResolver = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The ipaddr.js range name of an address: "unicast" for public ones, else "private", "loopback", ... */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export class SsrfGuard {
  private readonly cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  private readonly hosts: string[] = [];

  constructor(
    policy: SsrfPolicy = {},
    private readonly resolver: HostResolver = systemResolver,
  ) {
    for (const entry of policy.allow ?? []) {
      const value = stripBrackets(entry.trim().toLowerCase());
      try {
        if (value.includes('/')) this.cidrs.push(ipaddr.parseCIDR(value));
        else if (isIP(value)) this.cidrs.push(ipaddr.parseCIDR(`${value}/${isIP(value) === 4 ? 32 : 128}`));
        else this.hosts.push(value);
      } catch (error) {
        throw new ValidationError('Invalid SSRF allowlist', [`"${entry}" is neither a CIDR, an IP address nor a host name`], { cause: error });
      }
    }
  }

  /** Throws PermanentError (code ssrf-blocked) unless the address is public or explicitly allowed. */
  checkAddress(address: string, hostname = address): void {
    if (!ipaddr.isValid(address)) throw blocked(hostname, address, 'not an IP address');
    const ip = ipaddr.process(address); // IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as IPv4
    const range = ip.range();
    if (range === 'unicast') return;
    if (this.isAllowedHost(hostname)) return;
    if (this.cidrs.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return;
    throw blocked(hostname, address, range);
  }

  /** Refuses a URL whose scheme is not http(s) or whose host is a forbidden IP literal. */
  checkUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PermanentError(`Refusing to fetch ${url.protocol} URLs; only http and https are allowed`, { code: 'unsupported-url' });
    }
    const host = stripBrackets(url.hostname);
    if (isIP(host)) this.checkAddress(host, host);
  }

  /** Resolves a host name and checks every address (one bad answer refuses the name). */
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const host = stripBrackets(hostname);
    if (isIP(host)) {
      this.checkAddress(host, host);
      return [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
    }
    const addresses = await this.resolver(host);
    if (addresses.length === 0) throw new PermanentError(`${host} has no addresses`, { code: 'dns-no-address' });
    for (const { address } of addresses) this.checkAddress(address, host);
    return addresses;
  }

  /** A net.connect `lookup` that resolves through the guard: sockets only open to checked addresses. */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 6 ? addresses.filter((a) => a.family === options.family) : addresses;
        const usable = wanted.length > 0 ? wanted : addresses;
        if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  private isAllowedHost(hostname: string): boolean {
    const host = hostname.toLowerCase();
    return this.hosts.some((allowed) => (allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) : host === allowed));
  }
}

/** Whether an error is the guard's refusal (possibly wrapped by the HTTP client). */
export function isSsrfRefusal(error: unknown): error is PermanentError {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PermanentError && e.code === 'ssrf-blocked') return true;
  }
  return false;
}

function blocked(hostname: string, address: string, range: string): PermanentError {
  const what = hostname === address ? address : `${hostname} (${address})`;
  return new PermanentError(`Refusing to connect to ${what}: ${range} addresses are not allowed for outbound fetches`, {
    code: 'ssrf-blocked',
    details: { host: hostname, address, range },
  });
}
