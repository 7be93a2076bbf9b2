import { PermanentError, RetriableError } from '@pulse/errors';
import { assertPublicDestination, pinnedLookup, SsrfGuard, type HostResolver } from '../src';

/** A resolver answering from a table, so these tests need no DNS. */
const resolver = (table: Record<string, string[]>): HostResolver => async (hostname) => {
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('assertPublicDestination', () => {
  it.each([
    ['http://10.0.0.1/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'linkLocal'],
    ['http://[::1]:8080/hook', 'loopback'],
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://192.168.1.20/hook', 'private'],
    ['http://100.64.0.1/hook', 'carrierGradeNat'],
    ['http://0.0.0.0/hook', 'unspecified'],
    ['http://[fd00:ec2::254]/', 'uniqueLocal'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
  ])('refuses %s (%s)', async (url, range) => {
    const attempt = assertPublicDestination(new URL(url));
    await expect(attempt).rejects.toThrow(PermanentError);
    await expect(attempt).rejects.toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining(`${range} addresses are not allowed`) });
  });

  it('refuses a name that resolves to a private or link-local address, naming host, address and range', async () => {
    const lookup = resolver({ 'internal.example': ['10.1.2.3'], 'metadata.example.com': ['169.254.169.254'] });
    await expect(assertPublicDestination('https://internal.example/x', { resolver: lookup })).rejects.toThrow('internal.example (10.1.2.3): private addresses');
    await expect(assertPublicDestination('https://metadata.example.com/latest', { resolver: lookup })).rejects.toThrow('metadata.example.com (169.254.169.254): linkLocal addresses');
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = resolver({ 'mixed.example': ['93.184.215.14', '127.0.0.1'] });
    await expect(assertPublicDestination(new URL('https://mixed.example/x'), { resolver: lookup })).rejects.toMatchObject({ code: 'ssrf-blocked', message: expect.stringContaining('127.0.0.1') });
  });

  it('returns the checked public address to connect to', async () => {
    const lookup = resolver({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    await expect(assertPublicDestination(new URL('https://hooks.example/x'), { resolver: lookup })).resolves.toEqual({ address: '93.184.215.14', family: 4 });
    await expect(assertPublicDestination(new URL('https://[2606:4700::1111]/'))).resolves.toEqual({ address: '2606:4700::1111', family: 6 });
  });

  it('allows listed addresses, ranges and host names', async () => {
    await expect(assertPublicDestination(new URL('http://127.0.0.1:9/'), { allow: ['127.0.0.1'] })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(assertPublicDestination(new URL('http://127.0.0.1:9000/hook'), { allow: ['127.0.0.1/32'] })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(assertPublicDestination(new URL('http://127.0.0.2:9000/hook'), { allow: ['127.0.0.1/32'] })).rejects.toThrow('loopback');
    await expect(assertPublicDestination(new URL('http://10.9.8.7/'), { allow: ['10.0.0.0/8'] })).resolves.toMatchObject({ address: '10.9.8.7' });
    await expect(assertPublicDestination(new URL('http://[::1]/'), { allow: ['::1'] })).resolves.toEqual({ address: '::1', family: 6 });
    const lookup = resolver({ 'receiver.internal': ['10.0.0.5'] });
    await expect(assertPublicDestination(new URL('http://receiver.internal/'), { allow: ['receiver.internal'], resolver: lookup })).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(assertPublicDestination(new URL('http://10.0.0.1/'), { allow: ['10.1.0.0/16'] })).rejects.toThrow(PermanentError);
  });

  it('takes a guard built once instead of a policy', async () => {
    const guard = new SsrfGuard({ allow: ['127.0.0.1'] });
    await expect(assertPublicDestination('http://127.0.0.1:9/', guard)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(assertPublicDestination('http://10.0.0.1/', guard)).rejects.toMatchObject({ code: 'ssrf-blocked' });
  });

  it('connects an IPv4-mapped answer as the IPv4 address it stands for', async () => {
    const lookup = resolver({ 'mapped.example': ['::ffff:93.184.215.14'] });
    await expect(assertPublicDestination('https://mapped.example/', { resolver: lookup })).resolves.toEqual({ address: '93.184.215.14', family: 4 });
  });

  it('refuses schemes other than http and https, and text that is no URL', async () => {
    await expect(assertPublicDestination(new URL('file:///etc/passwd'))).rejects.toThrow('Refusing file: URLs: only http and https are allowed');
    await expect(assertPublicDestination(new URL('gopher://93.184.215.14/'))).rejects.toThrow(PermanentError);
    await expect(assertPublicDestination('ftp://hooks.example.com/file')).rejects.toMatchObject({ code: 'unsupported-url', retriable: false });
    await expect(assertPublicDestination('not a url')).rejects.toMatchObject({ code: 'invalid-url', retriable: false });
  });

  it('reports a DNS failure as retriable', async () => {
    const attempt = assertPublicDestination(new URL('https://nowhere.example/'), { resolver: resolver({}) });
    await expect(attempt).rejects.toThrow(RetriableError);
    await expect(attempt).rejects.toMatchObject({ code: 'dns-failed', message: expect.stringContaining('nowhere.example does not resolve') });
  });
});

describe('pinnedLookup', () => {
  it('answers every name with the one checked address', async () => {
    const lookup = pinnedLookup({ address: '93.184.215.14', family: 4 });
    const one = await new Promise((resolve) => lookup('rebound.example', {}, (_e: unknown, address: unknown, family?: number) => resolve({ address, family })));
    const all = await new Promise((resolve) => lookup('other.example', { all: true }, (_e: unknown, addresses: unknown) => resolve(addresses)));
    expect(one).toEqual({ address: '93.184.215.14', family: 4 });
    expect(all).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });
});
