import { PermanentError, RetriableError } from '@pulse/errors';
import { addressRange, isSsrfRefusal, SsrfGuard, type HostResolver } from '../src';

const refusal = (fn: () => unknown): PermanentError => {
  try {
    fn();
  } catch (error) {
    return error as PermanentError;
  }
  throw new Error('expected a refusal');
};

describe('SsrfGuard.checkAddress', () => {
  const guard = new SsrfGuard();

  it.each([
    ['loopback', '127.0.0.1'],
    ['loopback (whole /8)', '127.255.0.9'],
    ['private 10/8', '10.0.0.1'],
    ['private 172.16/12', '172.20.1.1'],
    ['private 192.168/16', '192.168.1.10'],
    ['link-local / cloud metadata', '169.254.169.254'],
    ['CGNAT', '100.64.0.1'],
    ['unspecified', '0.0.0.0'],
    ['multicast', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['IPv6 loopback', '::1'],
    ['IPv6 unspecified', '::'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv6 unique-local', 'fd12:3456::1'],
    ['AWS IPv6 metadata', 'fd00:ec2::254'],
    ['IPv4-mapped loopback', '::ffff:127.0.0.1'],
    ['IPv4-mapped private', '::ffff:10.0.0.1'],
  ])('refuses %s (%s)', (_what, address) => {
    const error = refusal(() => guard.checkAddress(address));
    expect(error).toBeInstanceOf(PermanentError);
    expect(error).toMatchObject({ code: 'ssrf-blocked', retriable: false });
    expect(isSsrfRefusal(error)).toBe(true);
  });

  it.each([['93.184.216.34'], ['8.8.8.8'], ['2606:4700:4700::1111']])('accepts the public address %s', (address) => {
    expect(() => guard.checkAddress(address)).not.toThrow();
    expect(addressRange(address)).toBe('unicast');
  });

  it('names the host, the address and the range in the refusal', () => {
    expect(refusal(() => guard.checkAddress('169.254.169.254', 'metadata.internal')).message).toBe(
      'Refusing to connect to metadata.internal (169.254.169.254): linkLocal addresses are not allowed for outbound requests',
    );
  });

  it('accepts what the allowlist names: addresses, CIDRs and host names', () => {
    const allowing = new SsrfGuard({ allow: ['127.0.0.1', '10.20.0.0/16', '[::1]', 'feeds.corp.example', '*.intranet.example', '::ffff:192.168.9.9'] });
    expect(() => allowing.checkAddress('127.0.0.1')).not.toThrow();
    expect(() => allowing.checkAddress('127.0.0.2')).toThrow(PermanentError);
    expect(() => allowing.checkAddress('10.20.3.4')).not.toThrow();
    expect(() => allowing.checkAddress('10.21.3.4')).toThrow(PermanentError);
    expect(() => allowing.checkAddress('::1')).not.toThrow();
    expect(() => allowing.checkAddress('192.168.9.9')).not.toThrow();
    expect(() => allowing.checkAddress('192.168.0.5', 'feeds.corp.example')).not.toThrow();
    expect(() => allowing.checkAddress('192.168.0.5', 'news.intranet.example')).not.toThrow();
    expect(() => allowing.checkAddress('192.168.0.5', 'other.example')).toThrow(PermanentError);
  });

  it('rejects an allowlist entry that is neither CIDR, address nor host', () => {
    expect(() => new SsrfGuard({ allow: ['10.0.0.0/99'] })).toThrow(/Invalid SSRF allowlist/);
  });
});

describe('SsrfGuard.checkUrl', () => {
  const guard = new SsrfGuard();

  it.each(['file:///etc/passwd', 'ftp://93.184.216.34/file', 'gopher://93.184.216.34/'])('refuses the non-http scheme of %s', (url) => {
    const error = refusal(() => guard.checkUrl(new URL(url)));
    expect(error).toMatchObject({ code: 'unsupported-url', retriable: false, message: expect.stringContaining('only http and https are allowed') });
    expect(isSsrfRefusal(error)).toBe(true);
  });

  it('refuses a forbidden IP literal and lets a host name through to resolution', () => {
    expect(refusal(() => guard.checkUrl(new URL('http://[::1]:8080/hook')))).toMatchObject({ code: 'ssrf-blocked' });
    expect(() => guard.checkUrl(new URL('https://hooks.example.com/x'))).not.toThrow();
  });
});

describe('SsrfGuard.resolve', () => {
  const resolver: HostResolver = async (host) =>
    ({
      'public.example': [{ address: '93.184.216.34', family: 4 as const }],
      'intranet.example': [{ address: '10.1.2.3', family: 4 as const }],
      'mixed.example': [
        { address: '93.184.216.34', family: 4 as const },
        { address: '192.168.1.1', family: 4 as const },
      ],
    })[host] ?? [];

  it('returns the addresses of a public name', async () => {
    await expect(new SsrfGuard({ resolver }).resolve('public.example')).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
  });

  it('refuses a name that resolves to a private address', async () => {
    await expect(new SsrfGuard({ resolver }).resolve('intranet.example')).rejects.toMatchObject({ code: 'ssrf-blocked' });
  });

  it('refuses a name when any of its addresses is private', async () => {
    await expect(new SsrfGuard({ resolver }).resolve('mixed.example')).rejects.toMatchObject({ code: 'ssrf-blocked' });
  });

  it('reports a name without addresses, or whose lookup fails, as retriable', async () => {
    const failing: HostResolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example'), { code: 'ENOTFOUND' });
    };
    const empty = new SsrfGuard({ resolver }).resolve('nowhere.example');
    await expect(empty).rejects.toBeInstanceOf(RetriableError);
    await expect(empty).rejects.toMatchObject({ code: 'dns-failed', message: 'nowhere.example does not resolve: no addresses' });
    await expect(new SsrfGuard({ resolver: failing }).resolve('nowhere.example')).rejects.toMatchObject({
      code: 'dns-failed',
      retriable: true,
      message: 'nowhere.example does not resolve: ENOTFOUND',
    });
  });

  it('hands net.connect only checked addresses through lookup', async () => {
    const guard = new SsrfGuard({ resolver });
    const viaLookup = (host: string, all: boolean) =>
      new Promise((resolve, reject) =>
        guard.lookup(host, { all }, (error: NodeJS.ErrnoException | null, address: unknown, family?: number) =>
          error ? reject(error) : resolve(all ? address : { address, family }),
        ),
      );
    await expect(viaLookup('public.example', false)).resolves.toEqual({ address: '93.184.216.34', family: 4 });
    await expect(viaLookup('public.example', true)).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    await expect(viaLookup('intranet.example', false)).rejects.toMatchObject({ code: 'ssrf-blocked' });
  });
});
