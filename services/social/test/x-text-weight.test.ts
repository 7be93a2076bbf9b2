import fc from 'fast-check';
import { parseTweet } from 'twitter-text';
import { X_LINKED_TLDS } from '../src/domain/x-link-rules';
import { xWeightedLength } from '../src/domain/x-text-weight';

// Pieces whose counting twitter-text (the official, if unmaintained, reference) agrees on.
const EXACT_PIECES = [
  'news', 'Solar', ' ', '\n', '. ', ',', '!', '?', '-', '日本', '東京', 'の', 'ข่าว', 'مرحبا', 'שלום', 'Привет', 'café', 'e\u0301',
  '😀', '👍🏽', '🇩🇪', '👨‍👩‍👧', '❤️', '…', '—', '“', '”', '#Energy', '@someone',
  ' https://example.com/a ', ' https://news.example.co.uk/2024/05/a-very-long-path-with-words?x=1 ', ' http://t.co/abc ',
];
const text = (pieces: string[], separator = '') =>
  fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(separator).normalize('NFC'));

describe('xWeightedLength', () => {
  it.each([
    ['hello', 5],
    ['日本語', 6],
    ['👨‍👩‍👧‍👦', 2],
    ['🇩🇪', 2],
    ['e\u0301', 1],
    [`see https://example.com/${'x'.repeat(100)} now`, 4 + 23 + 4],
    ['https://example.com/a.', 24],
  ])('weighs %p as %p', (input, weight) => {
    expect(xWeightedLength(input.normalize('NFC'))).toBe(weight);
  });

  it('matches the official twitter-text count on text with words, CJK, emoji and links', () => {
    fc.assert(
      fc.property(text(EXACT_PIECES), (input) => {
        expect(xWeightedLength(input)).toBe(parseTweet(input).weightedLength);
      }),
      { numRuns: 300, seed: 20240501 },
    );
  });

  it('only treats top-level domains as links that X links too', () => {
    for (const tld of X_LINKED_TLDS) {
      expect([tld, parseTweet(`https://example.${tld}/${'a'.repeat(40)}`).weightedLength]).toEqual([tld, 23]);
    }
  });

  it.each([
    'https://foo.notatld/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'https://localhost/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'https://example.com/日本',
    'https://日本.jp/x',
    'https://example.com/a!',
    'https://example.com/a[b]',
    'https://127.0.0.1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    'see (https://en.wikipedia.org/wiki/Foo_(bar)), ok',
  ])('never counts %p as less than X does', (input) => {
    expect(xWeightedLength(input)).toBeGreaterThanOrEqual(parseTweet(input).weightedLength);
  });

  it('never counts less than twitter-text, even for bare domains and symbols it may treat as links or emoji', () => {
    // Tokens are whitespace-separated as in real text: chains of domains and URLs glued
    // together without spaces are out of scope (X's own linker is irregular there).
    const risky = [...EXACT_PIECES, '.', '!', '[b]', 'a)', '(a', 'https://foo.zz/', 'https://example.com/(news', 'https://example.com/日本', 'amazon.com', 'a.ba.bnews', 'x.com/a)b', 'Node.js', 'example.org/path', '©', '®', 'a.b', 'bücher.de', 'пример.рф', 'x.com?q=1', 'user@mail.com', '1️⃣', '™'];
    fc.assert(
      fc.property(text(risky, ' '), (input) => {
        expect(xWeightedLength(input)).toBeGreaterThanOrEqual(parseTweet(input).weightedLength);
      }),
      { numRuns: 300, seed: 20240501 },
    );
  });
});
