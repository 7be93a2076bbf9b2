import { ValidationError } from '@pulse/errors';
import { composePost } from '../src/domain/post-composer';
import { PLATFORM_RULES, fitsPlatform } from '../src/domain/platform-rules';
import { graphemeLength, graphemes, mastodonLength } from '../src/domain/text-measure';
import { xWeightedLength } from '../src/domain/x-text-weight';

const URL = 'https://news.example.com/2024/05/solar-record';
const FAMILY = '👨‍👩‍👧‍👦';
const FLAG = '🇩🇪';
const words = (n: number, word = 'energy'): string => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('composePost', () => {
  it('puts body, article link and hashtags from niche and keywords into a short post', () => {
    const post = composePost({ platform: 'mastodon', text: 'Solar hits a record.', articleUrl: URL, niche: 'climate', keywords: ['solar power', 'Germany'] });
    expect(post.text).toBe(`Solar hits a record.\n\n${URL}\n\n#Climate #SolarPower #Germany`);
    expect(post.truncated).toBe(false);
    expect(post.hashtags).toEqual(['Climate', 'SolarPower', 'Germany']);
    expect(post.length).toBe(mastodonLength(post.text));
  });

  it.each([
    ['artificial intelligence', 'ArtificialIntelligence'],
    ['iPhone sales', 'iPhoneSales'],
    ['AI', 'AI'],
    ['e-commerce', 'ECommerce'],
    ['künstliche intelligenz', 'KünstlicheIntelligenz'],
    ['人工知能', '人工知能'],
  ])('writes the keyword %p as the CamelCase hashtag %p', (keyword, tag) => {
    expect(composePost({ platform: 'mastodon', text: 'News.', keywords: [keyword] }).hashtags).toEqual([tag]);
  });

  it('deduplicates hashtags case-insensitively, also against tags already in the text, and skips digit-only ones', () => {
    const post = composePost({ platform: 'linkedin', text: 'Big day for #Solar.', niche: 'solar', keywords: ['Climate', 'climate', '2024', 'CLIMATE change'] });
    expect(post.hashtags).toEqual(['Climate', 'CLIMATEChange']);
  });

  it('adds only as many hashtags as the platform allows', () => {
    const post = composePost({ platform: 'x', text: 'News.', niche: 'tech', keywords: ['a1', 'b2', 'c3'] });
    expect(post.hashtags).toEqual(['Tech', 'A1']);
  });

  it('drops hashtags, last first, before cutting any text', () => {
    // 460 + 2 + 23 (link) + 2 = 487: room for "#Climate" (495) but not " #RenewableEnergy" (512).
    const body = 'x'.repeat(460);
    const post = composePost({ platform: 'mastodon', text: body, articleUrl: URL, niche: 'climate', keywords: ['renewable energy'] });
    expect(post.truncated).toBe(false);
    expect(post.text.startsWith(body)).toBe(true);
    expect(post.hashtags).toEqual(['Climate']);
    expect(post.length).toBeLessThanOrEqual(500);
  });

  it('cuts a summary longer than any platform allows after a whole word, with an ellipsis, keeping the link', () => {
    const summary = words(2000);
    for (const platform of ['mastodon', 'bluesky', 'x', 'linkedin'] as const) {
      const post = composePost({ platform, text: summary, articleUrl: URL, niche: 'energy' });
      const rules = PLATFORM_RULES[platform];
      expect(post.truncated).toBe(true);
      expect(post.hashtags).toEqual([]);
      expect(fitsPlatform(rules, post.text)).toBe(true);
      const [body] = post.text.split('\n\n');
      expect(body).toMatch(/ energy\d+…$/);
      expect(summary.startsWith((body ?? '').slice(0, -1))).toBe(true);
      // Nearly full: at most one more word would have fitted.
      expect(post.length).toBeGreaterThan((rules.maxLength ?? 0) - 20);
    }
  });

  it('leaves a post of any length alone on the generic webhook', () => {
    const summary = words(2000);
    const post = composePost({ platform: 'webhook', text: summary, articleUrl: URL });
    expect(post.truncated).toBe(false);
    expect(post.text.startsWith(summary)).toBe(true);
  });

  it('counts CJK as 2 on X and cuts CJK text between words, never inside a character', () => {
    const summary = '東京で新しい技術が発表されました。'.repeat(30);
    const post = composePost({ platform: 'x', text: summary, articleUrl: URL });
    expect(post.truncated).toBe(true);
    expect(post.length).toBe(xWeightedLength(post.text));
    expect(post.length).toBeLessThanOrEqual(280);
    // 17 CJK characters weigh 34: the body gets at most (280 - 23 - 2 - 2) / 2 characters.
    const [body] = post.text.split('\n\n');
    expect(graphemeLength(body ?? '')).toBeLessThanOrEqual(127);
    expect(summary.startsWith((body ?? '').slice(0, -1))).toBe(true);
  });

  it('never splits emoji ZWJ sequences, flags or combining marks when cutting', () => {
    const unit = `${FAMILY} ${FLAG} café\u0301 `;
    const summary = unit.repeat(200);
    for (const platform of ['mastodon', 'bluesky', 'x'] as const) {
      const post = composePost({ platform, text: summary });
      const kept = graphemes(post.text.slice(0, -1));
      const original = graphemes(summary.normalize('NFC'));
      expect(kept).toEqual(original.slice(0, kept.length));
      expect(fitsPlatform(PLATFORM_RULES[platform], post.text)).toBe(true);
    }
  });

  it('counts an emoji ZWJ sequence as one grapheme on Bluesky and as 2 on X', () => {
    expect(composePost({ platform: 'bluesky', text: FAMILY }).length).toBe(1);
    expect(composePost({ platform: 'x', text: FAMILY }).length).toBe(2);
    expect(composePost({ platform: 'x', text: FLAG }).length).toBe(2);
  });

  it('keeps right-to-left text intact and puts the link on its own line', () => {
    const arabic = 'أعلنت الحكومة اليوم عن خطة جديدة للطاقة الشمسية';
    const post = composePost({ platform: 'mastodon', text: arabic, articleUrl: URL, keywords: ['طاقة شمسية'] });
    expect(post.text).toBe(`${arabic}\n\n${URL}\n\n#طاقةشمسية`);
  });

  it('cuts long right-to-left text after a whole word', () => {
    const hebrew = 'הממשלה הודיעה היום על תוכנית חדשה לאנרגיה סולארית '.repeat(40);
    const post = composePost({ platform: 'bluesky', text: hebrew, articleUrl: URL });
    const [body] = post.text.split('\n\n');
    expect(body).toMatch(/[\u0590-\u05FF]…$/u);
    expect(hebrew.includes((body ?? '').slice(0, -1))).toBe(true);
  });

  it('links a unicode URL by its punycode/percent-encoded form and shows it readable on Bluesky', () => {
    const url = 'https://bücher.de/artikel/grüne-energie?q=ä';
    const mastodon = composePost({ platform: 'mastodon', text: 'Neu.', articleUrl: url });
    expect(mastodon.link).toEqual({ href: 'https://xn--bcher-kva.de/artikel/gr%C3%BCne-energie?q=%C3%A4', display: 'https://bücher.de/artikel/grüne-energie?q=ä' });
    expect(mastodon.text).toContain('https://xn--bcher-kva.de/artikel/gr%C3%BCne-energie?q=%C3%A4');
    const bluesky = composePost({ platform: 'bluesky', text: 'Neu.', articleUrl: url });
    expect(bluesky.text).toBe('Neu.\n\nbücher.de/artikel/grüne-energ…');
    expect(bluesky.entities).toContainEqual({ kind: 'link', start: 6, end: bluesky.text.length, value: mastodon.link?.href });
  });

  it('counts every link as 23 on Mastodon and X however long it is', () => {
    const longUrl = `https://example.com/${'a'.repeat(300)}`;
    expect(composePost({ platform: 'mastodon', text: 'Hi', articleUrl: longUrl }).length).toBe(2 + 2 + 23);
    expect(composePost({ platform: 'x', text: 'Hi', articleUrl: longUrl }).length).toBe(2 + 2 + 23);
  });

  it('never cuts inside a link or hashtag of the body', () => {
    const body = `${words(60)} see https://example.org/${'p'.repeat(40)} and #LongHashtagHere ${words(60)}`;
    const post = composePost({ platform: 'bluesky', text: body });
    const [kept] = post.text.split('\n\n');
    expect(kept).not.toMatch(/https:\/\/example\.org\/p*…$/);
    for (const entity of post.entities) expect(post.text.slice(entity.start, entity.end)).toMatch(/^(#|https?:)/);
  });

  it('falls back to grapheme boundaries for one word longer than the limit', () => {
    const post = composePost({ platform: 'bluesky', text: '🙂'.repeat(400) });
    expect(post.truncated).toBe(true);
    expect(graphemeLength(post.text)).toBe(300);
    expect(post.text.endsWith('🙂…')).toBe(true);
  });

  it('also keeps Bluesky posts within 3000 UTF-8 bytes (a ZWJ family is 25 bytes)', () => {
    const post = composePost({ platform: 'bluesky', text: FAMILY.repeat(400) });
    expect(new TextEncoder().encode(post.text).length).toBeLessThanOrEqual(3000);
    expect(graphemeLength(post.text)).toBe(120);
    expect(post.text.endsWith(`${FAMILY}…`)).toBe(true);
  });

  it('normalizes whitespace and drops control characters', () => {
    expect(composePost({ platform: 'mastodon', text: ' \u0000Hello\t\tworld\r\n\r\n\r\n\r\nnext ' }).text).toBe('Hello world\n\nnext');
  });

  it('refuses an article URL that is not http(s)', () => {
    expect(() => composePost({ platform: 'mastodon', text: 'x', articleUrl: 'javascript:alert(1)' })).toThrow(ValidationError);
    expect(() => composePost({ platform: 'mastodon', text: 'x', articleUrl: 'not a url' })).toThrow(ValidationError);
  });

  it('records entity offsets that point at the link and the hashtags', () => {
    const post = composePost({ platform: 'x', text: `${FAMILY} Big news #Solar`, articleUrl: URL, niche: 'energy' });
    expect(post.entities.map((e) => [e.kind, post.text.slice(e.start, e.end), e.value])).toEqual([
      ['hashtag', '#Solar', 'Solar'],
      ['link', URL, URL],
      ['hashtag', '#Energy', 'Energy'],
    ]);
  });
});
