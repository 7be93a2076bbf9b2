import path from 'node:path';
import { startFakeMastodon, startFeedServer, type FakeFeedServer, type FakeMastodon } from '@pulse/fakes';
// The sample feeds belong to the news service (its tests use them too); the local run serves them.
import { sampleFeedsWithFreshDates } from '@pulse/news/src/adapters/feeds/sample-feeds';

/** The internet of the local run: sample feeds and a Mastodon to publish to, on fixed loopback ports. */
export interface LocalFakes {
  feeds: FakeFeedServer;
  feedUrls: { url: string; niche: string }[];
  mastodon: FakeMastodon;
  close(): Promise<void>;
}

export const FEED_SERVER_PORT = Number(process.env.PULSE_FEEDS_PORT ?? 4180);
export const MASTODON_PORT = Number(process.env.PULSE_MASTODON_PORT ?? 4181);

export async function startLocalFakes(): Promise<LocalFakes> {
  const feeds = await startFeedServer({ port: FEED_SERVER_PORT });
  // Dates shifted to "now", so the demo's articles are fresh and rank as news.
  const samples = await sampleFeedsWithFreshDates(new Date());
  const served = samples.map((feed) => {
    const route = `/feeds${feed.path}`;
    feeds.serve(route, { body: feed.body, contentType: feed.contentType, etag: feed.etag });
    return route;
  });
  // Sample file names start with their niche: tech-northwind.rss -> technology.
  const niches: Record<string, string> = { tech: 'technology', finance: 'finance', science: 'science' };
  const feedUrls = served.map((p) => {
    const prefix = path.basename(p).split('-')[0] ?? '';
    return { url: `${feeds.url}${p}`, niche: niches[prefix] ?? prefix };
  });
  const mastodon = await startFakeMastodon({ port: MASTODON_PORT, token: 'local-sink-token', username: 'pulse' });
  return {
    feeds,
    feedUrls,
    mastodon,
    close: async () => {
      await feeds.close();
      await mastodon.close();
    },
  };
}
