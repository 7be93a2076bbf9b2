import { extractHtmlText, htmlToText, truncateText } from '../src/domain/html-text';

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
