import fc from 'fast-check';
import { countGraphemes, mastodonCount } from '../src/platform-text';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const segmenterCount = (text: string): number => Array.from(segmenter.segment(text)).length;

describe('countGraphemes (the fakes count as the platforms do)', () => {
  it.each([
    ['plain ASCII', 'Breaking: rates rise', 20],
    ['CR LF is one grapheme', 'a\r\nb', 3],
    ['a combining accent joins its letter', 'e\u0301te\u0301', 3],
    ['an emoji ZWJ family is one', 'hi \u{1F468}\u200D\u{1F469}\u200D\u{1F467}', 4],
    ['a flag is one', '\u{1F1E9}\u{1F1EA}!', 2],
  ])('%s', (_name, text, expected) => {
    expect(countGraphemes(text)).toBe(expected);
  });

  it('agrees with Intl.Segmenter on any text (the plain-text shortcut included)', () => {
    const pieces = fc.constantFrom('a', ' ', '\n', '\r', '\r\n', 'é', 'e\u0301', '\u{1F468}\u200D\u{1F469}', '\u{1F1E9}\u{1F1EA}', '\u0915\u094D\u0937', '~', '\u02FF', '\u0300');
    fc.assert(fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme' })), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      expect(countGraphemes(text)).toBe(segmenterCount(text));
    }), { numRuns: 500 });
  });

  it('counts every URL as 23 characters for Mastodon', () => {
    expect(mastodonCount('see https://example.com/a/very/long/path/that/goes/on')).toBe(4 + 23);
  });
});
