import { collapseText, extractHtmlText, htmlToText, truncateText } from '../src/domain/html-text';

describe('htmlToText', () => {
  it('removes tags and decodes named and numeric entities', () => {
    expect(htmlToText('<p>Fish &amp; chips &mdash; &#8220;cheap&#8221; &#x2122;</p>')).toBe('Fish & chips — “cheap” ™');
  });

  it('drops script, style, iframe and form content entirely', () => {
    const html = '<p>Visible</p><script>var secret = 1;</script><style>p { color: red }</style><iframe src="x">frame</iframe><form><button>Buy</button></form><p>text</p>';
    expect(htmlToText(html)).toBe('Visible text');
  });

  it('collapses whitespace, non-breaking spaces and invisible characters', () => {
    expect(htmlToText('  a\u00a0\u00a0b&nbsp;c \n\t d\u200be\u00ad  ')).toBe('a b c de');
  });

  it('separates block elements so words do not run together', () => {
    expect(htmlToText('<h2>Title</h2><p>One</p><ul><li>two</li><li>three</li></ul>four<br>five')).toBe('Title One two three four five');
  });

  it('passes plain text through untouched apart from whitespace', () => {
    expect(htmlToText('Just a plain headline')).toBe('Just a plain headline');
  });

  it('survives broken markup', () => {
    expect(htmlToText('<p>Unclosed <b>bold <i>text')).toBe('Unclosed bold text');
    expect(htmlToText('5 < 6 and 7 > 3')).toBe('5 < 6 and 7 > 3');
  });
});

describe('extractHtmlText', () => {
  it('keeps paragraph breaks when asked', () => {
    expect(extractHtmlText('<p>One</p>\n<p>Two  words</p><div>Three</div>', { paragraphs: true }).text).toBe('One\n\nTwo words\n\nThree');
  });

  it('reports the first image source', () => {
    expect(extractHtmlText('<p>x</p><img src="/a.jpg"><img src="/b.jpg">').firstImageSrc).toBe('/a.jpg');
    expect(extractHtmlText('<p>no image</p>').firstImageSrc).toBeUndefined();
  });
});

describe('truncateText', () => {
  it('cuts on a word boundary with an ellipsis', () => {
    expect(truncateText('The quick brown fox jumps over the lazy dog', 20)).toBe('The quick brown fox…');
    expect(truncateText('The quick brown fox jumps', 18)).toBe('The quick brown…');
    expect(truncateText('short', 20)).toBe('short');
  });

  it('cuts inside a word when there is no boundary nearby', () => {
    expect(truncateText('Supercalifragilisticexpialidocious', 10)).toBe('Supercali…');
  });
});

describe('collapseText', () => {
  // The regex chain the one-pass scanner replaced; both must agree on every input.
  const reference = (text: string, paragraphs: boolean): string => {
    const visible = text.replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
    if (!paragraphs) return visible.replace(/\s+/g, ' ').trim();
    return visible.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.length > 0).join('\n\n');
  };

  it('agrees with the regex definition on random mixes of words, whitespace and invisible characters', () => {
    const alphabet = ['a', 'é', 'x.', ' ', ' ', '\n', '\n', '\t', '\r', '\u00a0', '\u200b', '\u00ad', '\ufeff', '\u2028', '\u3000', '\u2060', '\u1680', '\u2009'];
    let seed = 42;
    const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 5_000; i++) {
      const text = Array.from({ length: Math.floor(next() * 24) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      expect(collapseText(text, { paragraphs: true })).toBe(reference(text, true));
      expect(collapseText(text)).toBe(reference(text, false));
    }
  });

  it('treats exactly the characters of \\s as whitespace', () => {
    const differing: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const text = `a${String.fromCharCode(code)}\n${String.fromCharCode(code)}b`;
      if (collapseText(text, { paragraphs: true }) !== reference(text, true)) differing.push(code);
    }
    expect(differing).toEqual([]);
  });
});
