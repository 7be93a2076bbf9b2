/** Text helpers the platform fakes share: counting as the real platforms do, and HTML. */

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function countGraphemes(text: string): number {
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
