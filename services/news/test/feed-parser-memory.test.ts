import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getHeapSnapshot } from 'node:v8';
import { parseFeed } from '../src/domain/feed-parser';
import type { ParsedFeed } from '../src/domain/feed.types';

/** Whether the heap (after the full GC a snapshot starts with) holds a string containing `needle`. */
async function heapContains(needle: Buffer): Promise<boolean> {
  let tail = Buffer.alloc(0);
  for await (const chunk of getHeapSnapshot()) {
    const window = Buffer.concat([tail, chunk as Buffer]);
    if (window.includes(needle)) return true;
    tail = window.subarray(Math.max(0, window.length - needle.length));
  }
  return false;
}

describe('parseFeed memory', () => {
  it('returns items that do not keep the feed body alive (no V8 slices of it)', async () => {
    const marker = randomUUID();
    const parse = (): ParsedFeed => {
      // The marker sits in a comment, so only the whole body contains "<marker> -->".
      const body = readFileSync(join(__dirname, 'fixtures', 'rss2-standard.xml'), 'utf8').replace('<channel>', `<channel><!-- ${marker} -->`);
      return parseFeed(body, { url: 'https://feeds.example.net/feed.xml' });
    };
    const feed = parse();
    expect(feed.items.length).toBeGreaterThan(0);
    // Built as bytes so that no JS string of the heap equals it except the body itself.
    const needle = Buffer.concat([Buffer.from(marker), Buffer.from(' -->')]);
    expect(await heapContains(needle)).toBe(false);
    expect(feed.items[0]!.title.length).toBeGreaterThan(0); // the items are still alive here
  }, 60_000);
});
