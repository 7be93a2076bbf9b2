import { buildBlueskyRecord, utf8Offset } from '../src/domain/bluesky-record';
import { composePost } from '../src/domain/post-composer';
import { deterministicRkey, isTid } from '../src/adapters/platforms/bluesky-rkey';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (text: string, start: number, end: number): string => decoder.decode(encoder.encode(text).slice(start, end));

describe('buildBlueskyRecord', () => {
  it('indexes a link after emoji by UTF-8 bytes, not UTF-16 units or graphemes', () => {
    const post = composePost({ platform: 'bluesky', text: '👨‍👩‍👧‍👦🇩🇪 Grüße aus 東京', articleUrl: 'https://example.com/a' });
    const record = buildBlueskyRecord(post, { createdAt: new Date('2024-05-01T10:00:00Z') });
    const link = record.facets?.find((f) => f.features[0]?.$type === 'app.bsky.richtext.facet#link');
    // Family (25 bytes) + flag (8) + " Grüße aus " (13) + 東京 (6) + "\n\n" (2) = 54.
    expect(link?.index).toEqual({ byteStart: 54, byteEnd: 54 + 'example.com/a'.length });
    expect(bytesOf(record.text, 54, 54 + 13)).toBe('example.com/a');
    expect(link?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a' });
  });

  it('adds tag facets for hashtags, and every facet covers exactly its text', () => {
    const post = composePost({ platform: 'bluesky', text: 'Café news #Énergie 🎉', articleUrl: 'https://bücher.de/ä', niche: 'climate', keywords: ['solar power'] });
    const record = buildBlueskyRecord(post, { createdAt: new Date(), langs: ['fr'] });
    const covered = (record.facets ?? []).map((f) => bytesOf(record.text, f.index.byteStart, f.index.byteEnd));
    expect(covered).toEqual(['#Énergie', 'bücher.de/ä', '#Climate', '#SolarPower']);
    expect(record.facets?.[1]?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://xn--bcher-kva.de/%C3%A4' });
    expect(record.facets?.[0]?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#tag', tag: 'Énergie' });
    expect(record.langs).toEqual(['fr']);
  });

  it('carries createdAt, an optional link card, and no empty facet list', () => {
    const withCard = buildBlueskyRecord(composePost({ platform: 'bluesky', text: 'Hi', articleUrl: 'https://example.com/a' }), {
      createdAt: new Date('2024-05-01T10:00:00Z'),
      card: { title: 'Solar record', description: 'Panels everywhere' },
    });
    expect(withCard.createdAt).toBe('2024-05-01T10:00:00.000Z');
    expect(withCard.embed).toEqual({ $type: 'app.bsky.embed.external', external: { uri: 'https://example.com/a', title: 'Solar record', description: 'Panels everywhere' } });
    const plain = buildBlueskyRecord(composePost({ platform: 'bluesky', text: 'Just words' }), { createdAt: new Date() });
    expect(plain.facets).toBeUndefined();
    expect(plain.embed).toBeUndefined();
  });

  it('converts UTF-16 offsets to UTF-8 offsets across surrogate pairs', () => {
    expect(utf8Offset('a😀b', 3)).toBe(5);
    expect(utf8Offset('ä', 1)).toBe(2);
  });
});

describe('deterministicRkey', () => {
  const at = new Date('2024-05-01T10:00:00Z');

  it('is a valid TID, the same for the same key and time, different for another key', () => {
    const rkey = deterministicRkey('article-1:channel-1', at);
    expect(isTid(rkey)).toBe(true);
    expect(deterministicRkey('article-1:channel-1', at)).toBe(rkey);
    expect(deterministicRkey('article-2:channel-1', at)).not.toBe(rkey);
  });

  it('sorts by creation time like any TID', () => {
    const earlier = deterministicRkey('z', new Date('2024-05-01T10:00:00Z'));
    const later = deterministicRkey('a', new Date('2024-05-01T10:00:01Z'));
    expect(earlier < later).toBe(true);
  });
});
