import { PermanentError, RetriableError } from '@pulse/errors';
import { createWebhookUrlGuard } from '../src/adapters/platforms/webhook-url-guard';

const dns = (answers: Record<string, string[]>) => async (host: string) => (answers[host] ?? []).map((address) => ({ address }));

describe('webhook URL guard', () => {
  const guard = createWebhookUrlGuard([], dns({ 'hooks.example.com': ['93.184.215.14'], 'sneaky.example.com': ['10.0.0.7'], 'metadata.example.com': ['169.254.169.254'] }));

  it('lets a public host through', async () => {
    // The checked address is what the send connects to (pinned: no second DNS answer).
    await expect(guard('https://hooks.example.com/pulse')).resolves.toEqual({ address: '93.184.215.14', family: 4 });
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'ssrf-blocked', 'loopback'],
    ['https://sneaky.example.com/hook', 'ssrf-blocked', 'private'],
    ['https://metadata.example.com/latest', 'ssrf-blocked', 'linkLocal'],
    ['http://[::1]/hook', 'ssrf-blocked', 'loopback'],
    ['ftp://hooks.example.com/file', 'unsupported-url', 'only http and https'],
  ])('refuses %s (%s, %s)', async (url, code, why) => {
    const error = await guard(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe(code);
    expect((error as Error).message).toContain(why);
  });

  it('reports a host that does not resolve as retriable (it may resolve on the next try)', async () => {
    const error = await guard('https://nowhere.example.com/hook').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriableError);
    expect((error as RetriableError).code).toBe('dns-failed');
    expect((error as Error).message).toContain('does not resolve');
  });

  it('allows a private address an operator listed', async () => {
    const allowing = createWebhookUrlGuard(['127.0.0.1/32'], dns({}));
    await expect(allowing('http://127.0.0.1:9000/hook')).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(allowing('http://127.0.0.2:9000/hook')).rejects.toThrow('loopback');
  });

  it('refuses a malformed allow-list entry when built', () => {
    expect(() => createWebhookUrlGuard(['10.0.0.0/99'])).toThrow(/Invalid SSRF allowlist/);
  });
});
