import { randomUUID } from 'node:crypto';
import { fixtureItems, holdsFor, rssFeed, type GatewayClient } from '@pulse/e2e';
import { waitFor } from '@pulse/testing';
import { problemOf, type SecuritySystem } from '../../src';

/**
 * Destinations an attacker would point a feed or a webhook at, none covered by the allow-list
 * (which holds 127.0.0.3 only). `port` is the trap's, so a request that got through would be seen.
 */
export function forbiddenUrls(trapPort: number): Array<[string, string]> {
  return [
    ['loopback', `http://127.0.0.1:${trapPort}/feed.xml`],
    ['loopback by name', `http://localhost:${trapPort}/feed.xml`],
    ['loopback, short form', `http://127.1:${trapPort}/`],
    ['the unspecified address', `http://0.0.0.0:${trapPort}/`],
    ['private 10/8', 'http://10.0.0.1/feed.xml'],
    ['private 172.16/12', 'http://172.16.5.4/feed.xml'],
    ['private 192.168/16', 'http://192.168.1.1/feed.xml'],
    ['carrier-grade NAT 100.64/10', 'http://100.64.0.1/'],
    ['link-local', 'http://169.254.10.20/'],
    ['cloud metadata', 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['metadata, decimal', 'http://2852039166/latest/meta-data/'],
    ['loopback, decimal', `http://2130706433:${trapPort}/`],
    ['loopback, hexadecimal', `http://0x7f000001:${trapPort}/`],
    ['loopback, octal', `http://0177.0.0.1:${trapPort}/`],
    ['IPv6 loopback', `http://[::1]:${trapPort}/`],
    ['IPv6 unspecified', `http://[::]:${trapPort}/`],
    ['IPv4-mapped IPv6 loopback', `http://[::ffff:127.0.0.1]:${trapPort}/`],
    ['IPv4-mapped IPv6 metadata', 'http://[::ffff:a9fe:a9fe]/latest/meta-data/'],
    ['IPv6 link-local', 'http://[fe80::1]/'],
    ['IPv6 unique local', 'http://[fd00::1]/'],
    ['NAT64 of metadata', 'http://[64:ff9b::a9fe:a9fe]/'],
    ['not http', 'file:///etc/passwd'],
    ['gopher', `gopher://127.0.0.1:${trapPort}/_x`],
  ];
}

/**
 * SSRF on the two places users give Pulse a URL: feed sources (news) and webhooks (notification).
 * Refused at creation with a 400 problem; a redirect from the allowed host to a private address is
 * refused at fetch time, and the private target never sees a request.
 */
export function ssrfSuite(system: () => SecuritySystem): void {
  describe('SSRF on feed sources and webhook URLs', () => {
    let api: GatewayClient;
    const trapPort = () => Number(new URL(system().trap.url).port);

    beforeAll(() => {
      api = system().client(`ssrf-${randomUUID()}`);
    });

    it('refuses every private, loopback, link-local and metadata form as a feed source with 400', async () => {
      const answers = await Promise.all(forbiddenUrls(trapPort()).map(async ([what, url]) => {
        const response = await api.post('/api/v1/sources', { url, niche: 'technology' });
        return { what, url, status: response.status, type: problemOf(response).contentType };
      }));
      expect(answers.filter((a) => a.status !== 400 || a.type !== 'application/problem+json')).toEqual([]);
    });

    it('refuses them when an existing source is changed to one, too', async () => {
      const feedPath = `/feeds/ssrf-${randomUUID()}.xml`;
      system().outside.serve(feedPath, rssFeed('ok', system().outside.url, []));
      const source = await api.expect(201, 'POST', '/api/v1/sources', { body: { url: `${system().outside.url}${feedPath}`, niche: 'technology' } });
      const answers = await Promise.all(forbiddenUrls(trapPort()).map(async ([what, url]) => {
        const response = await api.request('PATCH', `/api/v1/sources/${source.id}`, { body: { url } });
        return { what, status: response.status };
      }));
      expect(answers.filter((a) => a.status !== 400)).toEqual([]);
    });

    it('refuses every one of them as a webhook URL with 400', async () => {
      const answers = await Promise.all(forbiddenUrls(trapPort()).map(async ([what, url]) => {
        const response = await api.post('/api/v1/webhooks', { url, events: ['post.published'] });
        return { what, url, status: response.status, type: problemOf(response).contentType };
      }));
      expect(answers.filter((a) => a.status !== 400 || a.type !== 'application/problem+json')).toEqual([]);
    });

    it('does not follow a feed redirect from the allowed host to a private address', async () => {
      const targets = [`${system().trap.url}/feed.xml`, 'http://169.254.169.254/latest/meta-data/', `http://[::1]:${trapPort()}/feed.xml`];
      for (const target of targets) {
        const url = `${system().outside.url}/redirect?to=${encodeURIComponent(target)}`;
        const source = await api.expect(201, 'POST', '/api/v1/sources', { body: { url, niche: 'technology' } });
        const refresh = await api.expect(200, 'POST', `/api/v1/sources/${source.id}/refresh`);
        expect({ target, outcome: refresh.outcome, newArticles: refresh.newArticles }).toEqual({ target, outcome: 'failed', newArticles: 0 });
        expect(String(refresh.error)).toMatch(/not allowed|forbidden|blocked|private|refus/i);
      }
      expect(system().trap.received).toEqual([]);
    });

    it('does not follow a webhook redirect to a private address', async () => {
      const tenant = system().client(`ssrf-hook-${randomUUID()}`);
      const target = `${system().trap.url}/hooks/stolen`;
      await tenant.expect(201, 'POST', '/api/v1/webhooks', {
        body: { url: `${system().outside.url}/redirect?to=${encodeURIComponent(target)}`, events: ['article.summarized'] },
      });
      const feedPath = `/feeds/ssrf-hook-${randomUUID()}.xml`;
      system().outside.serve(feedPath, rssFeed('hook feed', system().outside.url, fixtureItems(system().outside.url)));
      const source = await tenant.expect(201, 'POST', '/api/v1/sources', { body: { url: `${system().outside.url}${feedPath}`, niche: 'technology' } });
      await tenant.expect(200, 'POST', `/api/v1/sources/${source.id}/refresh`);
      // The delivery reached the allowed host and got its 307; following it would hit the trap.
      await waitFor(() => system().outside.received.some((r) => r.method === 'POST' && r.path.startsWith('/redirect')), {
        timeoutMs: 120_000, what: 'a webhook attempt on the redirecting host',
      });
      await holdsFor(() => system().trap.received.length === 0, { durationMs: 2_000, what: 'no request on the private address' });
    });
  });
}
