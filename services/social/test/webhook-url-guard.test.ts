import { PermanentError } from '@pulse/errors';
import { createWebhookUrlGuard } from '../src/adapters/platforms/webhook-url-guard';

const dns = (answers: Record<string, string[]>) => async (host: string) => answers[host] ?? [];

describe('webhook URL guard', () => {
  const guard = createWebhookUrlGuard([], dns({ 'hooks.example.com': ['93.184.215.14'], 'sneaky.example.com': ['10.0.0.7'], 'metadata.example.com': ['169.254.169.254'] }));

  it('lets a public host through', async () => {
    await expect(guard('https://hooks.example.com/pulse')).resolves.toBeUndefined();
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['https://sneaky.example.com/hook', 'private'],
    ['https://metadata.example.com/latest', 'linkLocal'],
    ['http://[::1]/hook', 'loopback'],
    ['https://nowhere.example.com/hook', 'does not resolve'],
    ['ftp://hooks.example.com/file', 'only http(s)'],
  ])('refuses %s (%s)', async (url, why) => {
    const error = await guard(url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentError);
    expect((error as PermanentError).code).toBe('ssrf-blocked');
    expect((error as Error).message).toContain(why);
  });

  it('allows a private address an operator listed', async () => {
    const allowing = createWebhookUrlGuard(['127.0.0.1/32'], dns({}));
    await expect(allowing('http://127.0.0.1:9000/hook')).resolves.toBeUndefined();
    await expect(allowing('http://127.0.0.2:9000/hook')).rejects.toThrow('loopback');
  });
});
