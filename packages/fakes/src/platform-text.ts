/** Text helpers the platform fakes share: counting as the real platforms do, and HTML. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// Below U+0300 nothing combines (no marks, joiners or emoji) and only CR LF (\r\n) forms a cluster
// of two, so text without \r and without anything from U+0300 up has one grapheme per code unit.
const COMBINING_POSSIBLE = /[^\x00-\x0c\x0e-\u02ff]/;

export function countGraphemes(text: string): number {
  // Intl.Segmenter costs about a microsecond per grapheme: most of a fake status POST's CPU.
  if (!COMBINING_POSSIBLE.test(text)) return text.length;
  let n = 0;
  for (const _ of segmenter.segment(text)) n += 1;
  return n;
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

/** Mastodon's count: graphemes, every http(s) URL as 23 characters. */
export function mastodonCount(text: string): number {
  return countGraphemes(text.replace(URL_PATTERN, 'x'.repeat(23)));
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Status HTML the way Mastodon renders it: paragraphs, <br />, linked URLs. */
export function mastodonHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((paragraph) => {
      const linked = escapeHtml(paragraph).replace(/https?:\/\/[^\s<>"']+/g, (url) => {
        const bare = url.replace(/^https?:\/\//, '');
        const scheme = url.slice(0, url.length - bare.length);
        return `<a href="${url}" rel="nofollow noopener" target="_blank"><span class="invisible">${scheme}</span><span class="ellipsis">${bare.slice(0, 30)}</span><span class="invisible">${bare.slice(30)}</span></a>`;
      });
      return `<p>${linked.replace(/\n/g, '<br />')}</p>`;
    })
    .join('');
}
