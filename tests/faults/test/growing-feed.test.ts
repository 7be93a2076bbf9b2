import { waitFor } from '@pulse/testing';
import { GrowingFeedServer } from '../src/growing-feed';

describe('GrowingFeedServer', () => {
  it('lists the newest items of a feed up to its window, the same item the same way each time', async () => {
    const feed = new GrowingFeedServer({ niches: ['technology', 'finance'], itemsPerSecond: 1000, window: 3 });
    await feed.start();
    try {
      // Publishing is driven by a timer; five items (round-robin) are enough to see the window.
      feed.resume();
      await waitFor(() => feed.total >= 5, { intervalMs: 5, what: 'five published items' });
      feed.pause();
      const published = feed.published();
      const first = await (await fetch(feed.feedUrl('technology'))).text();
      const again = await (await fetch(feed.feedUrl('technology'))).text();
      expect(again).toBe(first);
      const links = [...first.matchAll(/<link>([^<]+\/articles\/[^<]+)<\/link>/g)].map((m) => m[1]);
      const newest = published.technology!;
      expect(links).toEqual([newest, newest - 1, newest - 2].filter((n) => n >= 1).map((n) => `${feed.url}/articles/technology/${n}`));
      expect((await fetch(`${feed.url}/feeds/unknown.xml`)).status).toBe(404);
    } finally {
      await feed.close();
    }
  }, 30_000);
});
