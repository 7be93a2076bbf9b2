import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { PermanentError } from '@pulse/errors';

export type HostLookup = (hostname: string) => Promise<string[]>;

const systemLookup: HostLookup = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * SSRF check for webhook channels (the URL is tenant input): refuses non-http(s) URLs and hosts
 * resolving to loopback, private, link-local (cloud metadata), CGNAT or other non-public
 * addresses unless an allowed CIDR covers them. Known gap: the address is checked, then fetch
 * resolves again, so a DNS answer that changes in between (rebinding) is not caught.
 */
export function createWebhookUrlGuard(allowedCidrs: readonly string[], resolve: HostLookup = systemLookup): (url: string) => Promise<void> {
  const allowed = allowedCidrs.map((cidr) => ipaddr.parseCIDR(cidr));
  return async (raw) => {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refused(raw, 'only http(s) is allowed');
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await resolve(host).catch(() => [] as string[]);
    if (addresses.length === 0) throw refused(raw, 'the host does not resolve');
    for (const address of addresses) {
      const ip = ipaddr.process(address);
      if (ip.range() === 'unicast') continue;
      if (allowed.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) continue;
      throw refused(raw, `${address} is a ${ip.range()} address`);
    }
  };
}

function refused(url: string, why: string): PermanentError {
  return new PermanentError(`Refusing to call webhook ${url}: ${why}`, { code: 'ssrf-blocked' });
}
