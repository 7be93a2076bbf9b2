import { buildOpml, parseOpml } from '../src/domain/opml';

describe('OPML', () => {
  it('reads feeds with their folder as category, depth first, and skips folders themselves', () => {
    const feeds = parseOpml(`\uFEFF<?xml version="1.0"?><opml version="1.0"><head/><body>
      <outline text="Tech"><outline text="A &amp; B" xmlUrl="https://a.example/feed"/>
        <outline text="Nested"><outline title="Deep" xmlUrl="https://deep.example/rss"/></outline></outline>
      <outline text="Loose" xmlUrl="https://loose.example/atom" category="/finance,/misc"/>
      <outline text="No feed here" htmlUrl="https://site.example/"/>
    </body></opml>`);
    expect(feeds).toEqual([
      { xmlUrl: 'https://a.example/feed', title: 'A & B', category: 'Tech' },
      { xmlUrl: 'https://deep.example/rss', title: 'Deep', category: 'Nested' },
      { xmlUrl: 'https://loose.example/atom', title: 'Loose', category: 'finance' },
    ]);
  });

  it('refuses XML that is not well-formed, and XML that is not OPML', () => {
    expect(() => parseOpml('<opml><body><outline></body>')).toThrow(/not well-formed/);
    expect(() => parseOpml('<rss version="2.0"><channel/></rss>')).toThrow(/not OPML/);
  });

  it('writes one folder per niche that reads back to the same feeds', () => {
    const text = buildOpml('Mine "quoted"', [
      { url: 'https://b.example/feed?x=1&y=2', title: 'B <feed>', niche: 'technology' },
      { url: 'https://a.example/rss', title: null, niche: 'finance' },
    ]);
    expect(text).toContain('<title>Mine &quot;quoted&quot;</title>');
    expect(parseOpml(text)).toEqual([
      { xmlUrl: 'https://a.example/rss', title: 'https://a.example/rss', category: 'finance' },
      { xmlUrl: 'https://b.example/feed?x=1&y=2', title: 'B <feed>', category: 'technology' },
    ]);
  });
});
