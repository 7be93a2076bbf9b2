import { PermanentError, RetriableError } from '@pulse/errors';
import { assertPublicDestination } from '../src/adapters/webhooks/ssrf-guard';

/** A resolver answering from a table, so these tests need no DNS. */
const resolver = (table: Record<string, string[]>) => async (hostname: string) => {
  const addresses = table[hostname];
  if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('SSRF guard', () => {
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
    await expect(attempt).rejects.toThrow(range);
  });

  it('refuses a name that resolves to a private address', async () => {
    const lookup = resolver({ 'internal.example': ['10.1.2.3'] });
    await expect(assertPublicDestination(new URL('https://internal.example/x'), { lookup })).rejects.toThrow('10.1.2.3 is a private address');
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = resolver({ 'mixed.example': ['93.184.215.14', '127.0.0.1'] });
    await expect(assertPublicDestination(new URL('https://mixed.example/x'), { lookup })).rejects.toThrow(PermanentError);
  });

  it('returns the checked public address to connect to', async () => {
    const lookup = resolver({ 'hooks.example': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'] });
    await expect(assertPublicDestination(new URL('https://hooks.example/x'), { lookup })).resolves.toEqual({ address: '93.184.215.14', family: 4 });
    await expect(assertPublicDestination(new URL('https://[2606:4700::1111]/'))).resolves.toEqual({ address: '2606:4700::1111', family: 6 });
  });

  it('allows listed addresses, ranges and host names', async () => {
    await expect(assertPublicDestination(new URL('http://127.0.0.1:9/'), { allow: ['127.0.0.1'] })).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(assertPublicDestination(new URL('http://10.9.8.7/'), { allow: ['10.0.0.0/8'] })).resolves.toMatchObject({ address: '10.9.8.7' });
    await expect(assertPublicDestination(new URL('http://[::1]/'), { allow: ['::1'] })).resolves.toEqual({ address: '::1', family: 6 });
    const lookup = resolver({ 'receiver.internal': ['10.0.0.5'] });
    await expect(assertPublicDestination(new URL('http://receiver.internal/'), { allow: ['receiver.internal'], lookup })).resolves.toMatchObject({ address: '10.0.0.5' });
    await expect(assertPublicDestination(new URL('http://10.0.0.1/'), { allow: ['10.1.0.0/16'] })).rejects.toThrow(PermanentError);
  });

  it('refuses schemes other than http and https', async () => {
    await expect(assertPublicDestination(new URL('file:///etc/passwd'))).rejects.toThrow('scheme file: is not allowed');
    await expect(assertPublicDestination(new URL('gopher://93.184.215.14/'))).rejects.toThrow(PermanentError);
  });

  it('reports a DNS failure as retriable', async () => {
    await expect(assertPublicDestination(new URL('https://nowhere.example/'), { lookup: resolver({}) })).rejects.toThrow(RetriableError);
  });
});
