// Seeds one tenant of a running news service with realistic articles: sources on the loopback
// feed server of the news benchmark (~150 KB RSS feeds, 50 items each, 10% repeated across feeds),
// each refreshed once through the API.
import path from 'node:path';
import { startChild, type Child } from './child-process';
import { feedPath, uniqueItems, type CorpusShape } from './feed-corpus';

type FeedChildMessage = { type: 'ready'; url: string; bytes: number } | { type: 'first-request'; at: number };

export interface SeededTenant {
  articles: number;
  feedServer: Child<FeedChildMessage>;
}

/** Creates `feeds` sources for the token's tenant and refreshes each; resolves with the stored article count. */
export async function seedArticles(newsUrl: string, token: string, feeds: number): Promise<SeededTenant> {
  const shape: CorpusShape = { feeds, itemsPerFeed: 50, duplicateShare: 0.1, now: Date.now(), seed: 20_261_123 };
  const { child: feedServer, ready } = await startChild<FeedChildMessage>(path.join(__dirname, 'feed-server.child.ts'), [JSON.stringify(shape)]);
  const { url } = ready as Extract<FeedChildMessage, { type: 'ready' }>;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  try {
    for (let feed = 0; feed < feeds; feed++) {
      const created = await fetch(`${newsUrl}/v1/sources`, {
        method: 'POST', headers, body: JSON.stringify({ url: `${url}${feedPath(feed)}`, niche: 'technology', title: `Outlet ${feed}`, authorityWeight: 0.5 }),
      });
      if (created.status !== 201) throw new Error(`creating source ${feed} answered ${created.status}: ${await created.text()}`);
      const { id } = (await created.json()) as { id: string };
      const refreshed = await fetch(`${newsUrl}/v1/sources/${id}/refresh`, { method: 'POST', headers });
      if (refreshed.status !== 200) throw new Error(`refreshing source ${feed} answered ${refreshed.status}: ${await refreshed.text()}`);
    }
  } catch (error) {
    await feedServer.stop();
    throw error;
  }
  return { articles: uniqueItems(shape), feedServer };
}
