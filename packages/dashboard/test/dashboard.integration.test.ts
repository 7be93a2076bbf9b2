import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { sampleEvents } from '@pulse/contracts';
import { repoRoot, waitFor } from '@pulse/testing';
import { launchChromium } from './headless-browser';
import { startStandInApi, type StandInApi } from './stand-in-api';

const overview = {
  generatedAt: new Date().toISOString(),
  lastHour: { articles: 412, articlesPerMinute: 6.87, summaries: 96, posts: 7, failures: 2, llmCostUsd: 0.3936, p95PipelineLatencyMs: 8460, engagement: 31 },
  lastDay: { articles: 9120, articlesPerMinute: 6.33, summaries: 2210, posts: 151, failures: 9, llmCostUsd: 9.0612, p95PipelineLatencyMs: 9120, engagement: 640 },
  dlqDepth: 3,
};

/** A JWT-shaped token (the stand-in does not verify signatures; the page only reads the claims). */
function jwtFor(claims: Record<string, unknown>): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const token = jwtFor({ sub: 'ops@acme', tenantId: 'acme', scopes: ['news:read'], exp: Math.floor(Date.now() / 1000) + 3600 });

describe('dashboard in headless Chromium', () => {
  let api: StandInApi;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let consoleErrors: string[];

  beforeAll(async () => {
    api = await startStandInApi(overview);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  beforeEach(async () => {
    api.requests.length = 0;
    api.rejectedTokens.clear();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    consoleErrors = [];
    // CSP violations, failed loads and uncaught exceptions all surface here.
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  });

  afterEach(async () => {
    await context.close();
  });

  async function signIn(withToken: string): Promise<void> {
    await page.goto(`${api.url}/dashboard/`);
    await page.locator('textarea#token').fill(withToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  const counter = (metric: string) => page.locator(`[data-metric="${metric}"] .counter-value`);

  it('shows the sign-in form without a token, under its strict CSP, and calls no API', async () => {
    const response = await page.goto(`${api.url}/dashboard`); // redirected to /dashboard/
    expect(page.url()).toBe(`${api.url}/dashboard/`);
    expect(response?.headers()['content-security-policy']).toMatch(/default-src 'self'/);
    expect(response?.headers()['content-security-policy']).not.toMatch(/unsafe-inline|unsafe-eval/);

    await page.locator('textarea#token').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    expect(api.requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it('sends the pasted token as a Bearer token and renders the overview numbers', async () => {
    await signIn(`Bearer ${token}\n`);

    await counter('posts').filter({ hasText: /^7$/ }).waitFor();
    expect(await counter('articles').textContent()).toBe('412');
    expect(await counter('articlesPerMinute').textContent()).toBe('6.9');
    expect(await counter('llmCostUsd').textContent()).toBe('$0.3936');
    expect(await counter('p95PipelineLatencyMs').textContent()).toBe('8.5 s');
    expect(await counter('dlqDepth').textContent()).toBe('3');
    expect(await counter('engagement').textContent()).toBe('31'); // a field the page has no label for
    expect(await page.locator('.who').textContent()).toContain('acme');

    await waitFor(() => api.requests.some((r) => r.path === '/api/v1/stream/tickets'), { what: 'a stream ticket request' });
    // EventSource cannot send headers: the stream itself is opened with the ticket instead.
    const calls = api.requests.filter((r) => r.path !== '/api/v1/stream');
    expect(new Set(calls.map((r) => r.path))).toEqual(new Set(['/api/v1/analytics/overview', '/api/v1/analytics/timeseries', '/api/v1/stream/tickets']));
    for (const call of calls) expect(call.authorization).toBe(`Bearer ${token}`);
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([token]);
    expect(consoleErrors).toEqual([]);
  });

  it('shows a published post with its source article and counts it as soon as the event arrives', async () => {
    await signIn(token);
    await counter('posts').filter({ hasText: /^7$/ }).waitFor();
    await page.locator('[data-status="live"]').waitFor();
    await waitFor(() => api.streams.size === 1, { what: 'the page to open the SSE stream' });

    const articleId = randomUUID();
    const title = `Chip plant opens ${articleId.slice(0, 8)}`;
    const text = `A live post about the chip plant (${articleId.slice(0, 8)})`;
    const summarized = { ...sampleEvents.articleSummarized, id: randomUUID(), data: { ...sampleEvents.articleSummarized.data, articleId, title } };
    const published = { ...sampleEvents.postPublished, id: randomUUID(), data: { ...sampleEvents.postPublished.data, articleId, text } };
    api.push('article.summarized', summarized);
    api.push('post.published', published);

    const post = page.locator('li.post', { hasText: text });
    await post.waitFor();
    expect(await post.locator('.source a').first().textContent()).toBe(title);
    await counter('posts').filter({ hasText: /^8$/ }).waitFor();
    await counter('summaries').filter({ hasText: /^97$/ }).waitFor();

    // A replayed event (same id, e.g. after a reconnect) is not counted twice: the next new event
    // is the marker that the duplicate was processed before it.
    api.push('post.published', published);
    api.push('article.summarized', { ...summarized, id: randomUUID() });
    await counter('summaries').filter({ hasText: /^98$/ }).waitFor();
    expect(await counter('posts').textContent()).toBe('8');
    expect(await page.locator('li.post').count()).toBe(1);

    const screenshots = join(repoRoot(), '.data');
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'dashboard.png'), fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('reconnects with a new ticket after the stream drops, resuming after the last event seen', async () => {
    await signIn(token);
    await page.locator('[data-status="live"]').waitFor();
    await waitFor(() => api.streams.size === 1, { what: 'the page to open the SSE stream' });
    const published = { ...sampleEvents.postPublished, id: randomUUID(), data: { ...sampleEvents.postPublished.data, text: 'before the drop' } };
    api.push('post.published', published);
    await page.locator('li.post', { hasText: 'before the drop' }).waitFor();

    for (const stream of api.streams) stream.destroy();
    await waitFor(() => api.streams.size === 1 && api.requests.filter((r) => r.path === '/api/v1/stream').length === 2, {
      what: 'the page to reopen the stream',
    });
    const [first, second] = api.requests.filter((r) => r.path === '/api/v1/stream');
    expect(second?.query.get('ticket')).not.toBe(first?.query.get('ticket'));
    expect(second?.query.get('lastEventId')).toBe(published.id);
    expect(api.requests.filter((r) => r.path === '/api/v1/stream/tickets')).toHaveLength(2);
    await page.locator('[data-status="live"]').waitFor();
    // Chromium reports the dropped stream itself; nothing else may go wrong.
    expect(consoleErrors.filter((text) => !/ERR_INCOMPLETE_CHUNKED_ENCODING|net::ERR_/.test(text))).toEqual([]);
  });

  it('signs out: forgets the token, closes the live stream and shows the sign-in form again', async () => {
    await signIn(token);
    await page.locator('[data-status="live"]').waitFor();
    await waitFor(() => api.streams.size === 1, { what: 'the page to open the SSE stream' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.locator('textarea#token').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await waitFor(() => api.streams.size === 0, { what: 'the SSE stream to close' });
    expect(consoleErrors).toEqual([]);
  });

  it('returns to the sign-in form with the reason when the API rejects the token', async () => {
    api.rejectedTokens.add('revoked-token');
    await signIn('revoked-token');

    await page.getByRole('alert').filter({ hasText: '401' }).waitFor();
    expect(await page.locator('textarea#token').isVisible()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    // Chromium logs the refused requests themselves; nothing else may go wrong.
    expect(consoleErrors.filter((text) => !/status of 401/.test(text))).toEqual([]);
  });
});
