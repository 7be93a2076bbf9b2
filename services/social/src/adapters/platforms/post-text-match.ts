/**
 * Whether a post found on a platform is the one we sent. Platforms rewrite text (Mastodon
 * renders HTML, X shortens links to t.co), so links and whitespace are ignored and the rest
 * must be equal.
 */
export function samePostText(remote: string, local: string): boolean {
  return comparable(remote) === comparable(local) && comparable(local) !== '';
}

function comparable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\bhttps?:\/\/\S+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain text of Mastodon's status HTML (paragraphs and line breaks as whitespace). */
export function htmlToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|amp|lt|gt|quot|apos|#39);/gi, (entity: string, code: string) => decodeEntity(entity, code.toLowerCase()));
}

function decodeEntity(entity: string, code: string): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  if (named[code] !== undefined) return named[code];
  const value = code.startsWith('#x') ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
  return Number.isFinite(value) && value <= 0x10ffff ? String.fromCodePoint(value) : entity;
}
