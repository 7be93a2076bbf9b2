import type { OutgoingPost } from './platform-adapter';

// Characters LinkedIn's "little text" format reserves; unescaped, they cut the post short.
const RESERVED = /[\\|{}@[\]()<>#*_~]/g;

/**
 * The post text as LinkedIn `commentary`: reserved characters escaped, our hashtags written
 * as hashtag templates so they link.
 */
export function toLittleText(post: Pick<OutgoingPost, 'text' | 'entities'>): string {
  let out = '';
  let cursor = 0;
  for (const entity of post.entities.filter((e) => e.kind === 'hashtag')) {
    out += escapeLittleText(post.text.slice(cursor, entity.start));
    out += `{hashtag|\\#|${escapeLittleText(entity.value)}}`;
    cursor = entity.end;
  }
  return out + escapeLittleText(post.text.slice(cursor));
}

export function escapeLittleText(text: string): string {
  return text.replace(RESERVED, (char) => `\\${char}`);
}
