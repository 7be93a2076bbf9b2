import type { ComposedPost } from './post-composer';

/** A rich-text facet: a byte range of the UTF-8 text with what it means. */
export interface BlueskyFacet {
  index: { byteStart: number; byteEnd: number };
  features: Array<{ $type: 'app.bsky.richtext.facet#link'; uri: string } | { $type: 'app.bsky.richtext.facet#tag'; tag: string }>;
}

/** The link card shown under a post (`app.bsky.embed.external`). */
export interface BlueskyExternalEmbed {
  $type: 'app.bsky.embed.external';
  external: { uri: string; title: string; description: string };
}

/** An `app.bsky.feed.post` record. */
export interface BlueskyPostRecord {
  $type: 'app.bsky.feed.post';
  text: string;
  createdAt: string;
  facets?: BlueskyFacet[];
  langs?: string[];
  embed?: BlueskyExternalEmbed;
}

export interface BlueskyRecordOptions {
  createdAt: Date;
  /** BCP-47 language tags of the text, at most 3. */
  langs?: readonly string[];
  /** Adds a link card for the article when a title is known. */
  card?: { title: string; description?: string };
}

const encoder = new TextEncoder();

/** UTF-8 byte offset of a UTF-16 offset: facets index bytes, JavaScript strings index code units. */
export function utf8Offset(text: string, utf16Offset: number): number {
  return encoder.encode(text.slice(0, utf16Offset)).length;
}

/**
 * Turns a composed post into the record `com.atproto.repo.createRecord` stores. Bluesky does
 * not link text itself: every link and hashtag needs a facet, which is also why the visible
 * link text can be a short label while the facet carries the full URL.
 */
export function buildBlueskyRecord(post: ComposedPost, options: BlueskyRecordOptions): BlueskyPostRecord {
  const facets: BlueskyFacet[] = post.entities.map((entity) => ({
    index: { byteStart: utf8Offset(post.text, entity.start), byteEnd: utf8Offset(post.text, entity.end) },
    features: [
      entity.kind === 'link'
        ? { $type: 'app.bsky.richtext.facet#link' as const, uri: entity.value }
        : { $type: 'app.bsky.richtext.facet#tag' as const, tag: entity.value },
    ],
  }));
  const record: BlueskyPostRecord = { $type: 'app.bsky.feed.post', text: post.text, createdAt: options.createdAt.toISOString() };
  if (facets.length > 0) record.facets = facets;
  if (options.langs !== undefined && options.langs.length > 0) record.langs = options.langs.slice(0, 3);
  if (options.card !== undefined && post.link !== undefined) {
    record.embed = {
      $type: 'app.bsky.embed.external',
      external: { uri: post.link.href, title: options.card.title, description: options.card.description ?? '' },
    };
  }
  return record;
}
