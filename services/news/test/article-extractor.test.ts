import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFeedServer, type FakeFeedServer } from '@pulse/fakes';
import { extractArticle, fetchArticle } from '../src/adapters/feeds/article-extractor';
import { GuardedHttpClient } from '../src/adapters/feeds/feed-http.client';

const PAGE = readFileSync(join(__dirname, 'fixtures', 'article-page.html'), 'utf8');
const URL_ = 'https://www.northwind-tech.example/2025/06/06/arvion-2nm-processor';

describe('extractArticle', () => {
  const article = extractArticle(PAGE, URL_);

  it('extracts the main text with its paragraphs', () => {
    expect(article).toBeDefined();
    expect(article!.text).toContain('Chipmaker Arvion on Tuesday unveiled its first processor');
    expect(article!.text).toContain('more than 40 billion transistors');
    expect(article!.text.split('\n\n').length).toBeGreaterThanOrEqual(4);
  });

  it('leaves out navigation, ads, scripts and the footer', () => {
    expect(article!.text).not.toMatch(/Subscribe|Advertisement|analytics|Copyright|Privacy/);
  });

  it('reports title, byline and language', () => {
    expect(article).toMatchObject({ title: 'Arvion unveils 2nm processor for thin-and-light laptops', byline: 'Maya Lindqvist', lang: 'en' });
  });

  it('returns undefined for a page without an article', () => {
    expect(extractArticle('<html><body><nav><a href="/">Home</a></nav><p>Short.</p></body></html>', URL_)).toBeUndefined();
    expect(extractArticle('', URL_)).toBeUndefined();
  });
});

describe('fetchArticle', () => {
  let server: FakeFeedServer;
  let client: GuardedHttpClient;

  beforeEach(async () => {
    server = await startFeedServer();
    client = new GuardedHttpClient({ ssrf: { allow: ['127.0.0.1'] } });
  });

  afterEach(async () => {
    await client.close();
    await server.close();
  });

  it('fetches a page through the guarded client and extracts it', async () => {
    server.serve('/story.html', { body: PAGE, contentType: 'text/html; charset=utf-8', gzip: true });
    const article = await fetchArticle(server.urlFor('/story.html'), client);
    expect(article?.text).toContain('biggest jump in efficiency');
    expect(server.requests[0]!.headers.accept).toContain('text/html');
  });

  it('is refused by the SSRF guard like any other fetch', async () => {
    const strict = new GuardedHttpClient();
    try {
      await expect(fetchArticle('http://169.254.169.254/latest/', strict)).rejects.toMatchObject({ code: 'ssrf-blocked' });
    } finally {
      await strict.close();
    }
  });
});
