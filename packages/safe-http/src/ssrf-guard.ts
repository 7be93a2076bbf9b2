/**
 * SSRF guard for outbound requests to URLs that came from users (feeds, webhooks): they must not
 * reach loopback, the private network, link-local (cloud metadata at 169.254.169.254 /
 * fd00:ec2::254), CGNAT, multicast or reserved addresses. Names are resolved here and every
 * resolved address is checked; `lookup` lets an HTTP agent connect to exactly the checked address,
 * so a DNS answer that changes between check and connect (rebinding) cannot slip through.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentError, RetriableError, ValidationError } from '@pulse/errors';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to all its addresses (injectable so tests can play DNS). */
export type HostResolver = (hostname: string) => Promise<ReadonlyArray<{ address: string; family?: number }>>;

export interface SsrfPolicy {
  /**
   * Exceptions: CIDRs ("10.0.0.0/8", "::1/128"), addresses ("127.0.0.1", "[::1]") whose addresses
   * may be reached, or host names ("hooks.internal", "*.corp.example") whose addresses are all accepted.
   */
  allow?: readonly string[];
  /** DNS; the system resolver (getaddrinfo, all answers) by default. */
  resolver?: HostResolver;
}

/** Error codes of the guard's refusals (PermanentError). */
export const SSRF_REFUSAL_CODES = ['ssrf-blocked', 'unsupported-url'] as const;

export const systemResolver: HostResolver = async (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** The ipaddr.js range name of an address: "unicast" for public ones, else "private", "loopback", ... */
export function addressRange(address: string): string {
  return ipaddr.process(address).range();
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function familyOf(address: string): 4 | 6 {
  return isIP(address) === 6 ? 6 : 4;
}

export class SsrfGuard {
  private readonly cidrs: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> = [];
  private readonly hosts: string[] = [];
  private readonly resolver: HostResolver;

  /** Parses the allow-list once; a malformed entry is a ValidationError (fail at boot, not per request). */
  constructor(policy: SsrfPolicy = {}) {
    this.resolver = policy.resolver ?? systemResolver;
    for (const entry of policy.allow ?? []) {
      const value = stripBrackets(entry.trim().toLowerCase());
      try {
        if (value.includes('/')) this.cidrs.push(ipaddr.parseCIDR(value));
        else if (isIP(value)) {
          const ip = ipaddr.process(value); // "::ffff:127.0.0.1" allows 127.0.0.1
          this.cidrs.push([ip, ip.kind() === 'ipv4' ? 32 : 128]);
        } else this.hosts.push(value);
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

  /** Refuses a URL whose scheme is not http(s) (code unsupported-url) or whose host is a forbidden IP literal. */
  checkUrl(url: URL): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new PermanentError(`Refusing ${url.protocol} URLs: only http and https are allowed`, { code: 'unsupported-url', details: { protocol: url.protocol } });
    }
    const host = stripBrackets(url.hostname);
    if (isIP(host)) this.checkAddress(host, host);
  }

  /**
   * Resolves a host name and checks every address (one bad answer refuses the name). DNS failures
   * are RetriableError `dns-failed`: the name may resolve next time.
   */
  async resolve(hostname: string): Promise<ResolvedAddress[]> {
    const host = stripBrackets(hostname);
    if (isIP(host)) {
      this.checkAddress(host, host);
      return [{ address: host, family: familyOf(host) }];
    }
    let answers: ReadonlyArray<{ address: string }>;
    try {
      answers = await this.resolver(host);
    } catch (error) {
      throw new RetriableError(`${host} does not resolve: ${(error as { code?: string }).code ?? (error as Error).message}`, { code: 'dns-failed', cause: error, details: { host } });
    }
    if (answers.length === 0) throw new RetriableError(`${host} does not resolve: no addresses`, { code: 'dns-failed', details: { host } });
    const addresses = answers.map(({ address }) => ({ address, family: familyOf(address) }));
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

/** The guard's refusal (ssrf-blocked or unsupported-url) in an error or its causes (HTTP clients wrap it). */
export function findSsrfRefusal(error: unknown): PermanentError | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PermanentError && (SSRF_REFUSAL_CODES as readonly string[]).includes(e.code)) return e;
  }
  return undefined;
}

/** Whether an error is the guard's refusal (possibly wrapped by the HTTP client). */
export function isSsrfRefusal(error: unknown): error is PermanentError {
  return findSsrfRefusal(error) !== undefined;
}

function blocked(hostname: string, address: string, range: string): PermanentError {
  const what = hostname === address ? address : `${hostname} (${address})`;
  return new PermanentError(`Refusing to connect to ${what}: ${range} addresses are not allowed for outbound requests`, {
    code: 'ssrf-blocked',
    details: { host: hostname, address, range },
  });
}
