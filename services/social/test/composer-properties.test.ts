import fc from 'fast-check';
import { parseTweet } from 'twitter-text';
import { composePost, normalizeBody } from '../src/domain/post-composer';
import { PLATFORMS } from '../src/domain/platform';
import { PLATFORM_RULES, fitsPlatform } from '../src/domain/platform-rules';
import { graphemes } from '../src/domain/text-measure';

// Random unicode text: whole graphemes of any script, plus pieces that stress the rules.
const piece = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }),
  fc.constantFrom(' ', ' ', '\n', '👨‍👩‍👧‍👦', '🇯🇵', '👍🏿', 'é', 'e\u0301', '東京', 'שלום', 'https://example.com/x', '#Tag', '…', '.'),
);
const unicodeText = fc.array(piece, { minLength: 1, maxLength: 250 }).map((parts) => parts.join(''));

describe('composePost on random unicode', () => {
  it('always fits the platform, keeps whole graphemes of the input and only cuts with an ellipsis', () => {
    fc.assert(
      fc.property(unicodeText, fc.constantFrom(...PLATFORMS), (input, platform) => {
        const body = normalizeBody(input);
        fc.pre(body !== '');
        const post = composePost({ platform, text: input, articleUrl: 'https://example.com/a', niche: 'world news' });
        expect(fitsPlatform(PLATFORM_RULES[platform], post.text)).toBe(true);
        const [head] = post.text.split('\n\n');
        if (post.truncated) {
          expect(post.text.includes('…')).toBe(true);
          const kept = post.text.slice(0, post.text.indexOf('\n\nhttps://') >= 0 ? post.text.lastIndexOf('…', post.text.indexOf('\n\nhttps://')) : post.text.lastIndexOf('…'));
          const keptGraphemes = graphemes(kept);
          expect(keptGraphemes).toEqual(graphemes(body).slice(0, keptGraphemes.length));
        } else {
          expect(post.text.startsWith(body) || head === undefined).toBe(true);
        }
      }),
      { numRuns: 200, seed: 20240502 },
    );
  });

  it('produces X posts the official counter accepts', () => {
    fc.assert(
      fc.property(unicodeText, (input) => {
        fc.pre(normalizeBody(input) !== '');
        const post = composePost({ platform: 'x', text: input, articleUrl: 'https://example.com/a' });
        expect(parseTweet(post.text).valid).toBe(true);
      }),
      { numRuns: 200, seed: 20240502 },
    );
  });
});
