import { PermanentError, RetriableError } from '@pulse/errors';
import { platformError, platformReason, retryAfterFromHeaders, type PlatformResponse } from '../src/adapters/platforms/platform-http';
import { htmlToText, samePostText } from '../src/adapters/platforms/post-text-match';
import { toLittleText } from '../src/adapters/platforms/linkedin-little-text';
import { composePost } from '../src/domain/post-composer';

const now = new Date('2024-05-06T10:00:00Z');
const response = (status: number, body: unknown, headers: Record<string, string> = {}): PlatformResponse => ({
  status,
  headers: new Headers(headers),
  json: typeof body === 'string' ? undefined : body,
  text: typeof body === 'string' ? body : JSON.stringify(body),
});

describe('platform error mapping', () => {
  it.each([
    [{ 'retry-after': '120' }, 120],
    [{ 'retry-after': 'Mon, 06 May 2024 10:05:00 GMT' }, 300],
    [{ 'x-rate-limit-reset': String(now.getTime() / 1000 + 900) }, 900],
    [{ 'ratelimit-reset': String(now.getTime() / 1000 + 60) }, 60],
    [{ 'ratelimit-reset': '30' }, 30],
    [{ 'x-ratelimit-reset': '2024-05-06T10:10:00.000Z' }, 600],
    [{}, undefined],
  ])('reads the wait from %p', (headers, seconds) => {
    expect(retryAfterFromHeaders(new Headers(headers), now)).toBe(seconds);
  });

  it('maps 429 and 5xx to RetriableError and 401/403/400/422 to PermanentError with the reason', () => {
    const limited = platformError('x', response(429, { title: 'Too Many Requests' }, { 'x-rate-limit-reset': String(now.getTime() / 1000 + 60) }), now);
    expect(limited).toBeInstanceOf(RetriableError);
    expect((limited as RetriableError).retryAfterSeconds).toBe(60);
    expect(platformError('mastodon', response(503, '<html><body>Bad gateway</body></html>'), now)).toBeInstanceOf(RetriableError);
    for (const status of [400, 401, 403, 422]) {
      const error = platformError('mastodon', response(status, { error: 'The access token was revoked' }), now);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.message).toBe(`mastodon answered ${status}: The access token was revoked`);
    }
  });

  it.each([
    [{ error: 'Validation failed: Text character limit of 500 exceeded' }, 'Validation failed: Text character limit of 500 exceeded'],
    [{ error: 'ExpiredToken', message: 'Token has expired' }, 'ExpiredToken: Token has expired'],
    [{ title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank' }, 'Unauthorized'],
    [{ errors: [{ message: 'Tweet text is too long' }], detail: 'One or more parameters to your request was invalid.' }, 'Tweet text is too long'],
    [{ status: 401, serviceErrorCode: 65601, message: 'The token used in the request has been revoked by the user' }, 'The token used in the request has been revoked by the user'],
    ['<html><h1>502 Bad Gateway</h1></html>', '502 Bad Gateway'],
  ])('finds the platform reason in %p', (body, reason) => {
    expect(platformReason(response(400, body))).toBe(reason);
  });
});

describe('post matching for crash recovery', () => {
  it('matches Mastodon HTML and X t.co rewrites to the text sent', () => {
    const sent = 'Solar & wind <3\n\nhttps://example.com/a\n\n#Climate';
    const html = '<p>Solar &amp; wind &lt;3</p><p><a href="https://example.com/a"><span class="invisible">https://</span><span class="ellipsis">example.com/a</span></a></p><p>#Climate</p>';
    expect(samePostText(htmlToText(html), sent)).toBe(true);
    expect(samePostText('Solar & wind <3 https://t.co/abc #Climate', sent)).toBe(true);
    expect(samePostText('Solar & wind <3 https://t.co/abc #Other', sent)).toBe(false);
  });
});

describe('LinkedIn little text', () => {
  it('escapes reserved characters and writes hashtags as templates', () => {
    const post = composePost({ platform: 'linkedin', text: 'Growth (2024) hits 5% @ Acme_Corp [report]', articleUrl: 'https://example.com/a_b', niche: 'business' });
    expect(toLittleText(post)).toBe('Growth \\(2024\\) hits 5% \\@ Acme\\_Corp \\[report\\]\n\nhttps://example.com/a\\_b\n\n{hashtag|\\#|Business}');
  });
});
