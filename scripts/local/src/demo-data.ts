/**
 * The demo tenant's data, created through the public API (the same calls a user makes), and
 * idempotent: existing sources and channels are found by URL/name and left alone.
 */
export interface DemoSetup {
  apiBase: string;
  token: string;
  feeds: { url: string; niche: string }[];
  mastodonUrl: string;
  mastodonToken: string;
}

async function api<T>(setup: DemoSetup, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${setup.apiBase}${path}`, {
    method,
    headers: { authorization: `Bearer ${setup.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

type Listed<T> = { items?: T[] } | T[];
const itemsOf = <T>(listed: Listed<T>): T[] => (Array.isArray(listed) ? listed : listed.items ?? []);

export async function createDemoData(setup: DemoSetup): Promise<{ sources: number; channels: number }> {
  const sources = itemsOf(await api<Listed<{ url: string }>>(setup, 'GET', '/sources?limit=200'));
  const known = new Set(sources.map((s) => s.url));
  for (const feed of setup.feeds) {
    if (known.has(feed.url)) continue;
    await api(setup, 'POST', '/sources', { url: feed.url, niche: feed.niche, authorityWeight: 0.7, pollIntervalSeconds: 60 });
  }

  const channels = itemsOf(await api<Listed<{ name: string }>>(setup, 'GET', '/channels'));
  if (!channels.some((c) => c.name === 'Local sink')) {
    await api(setup, 'POST', '/channels', {
      name: 'Local sink',
      platform: 'mastodon',
      niches: [...new Set(setup.feeds.map((f) => f.niche))],
      autoPublish: true,
      maxPostsPerHour: 1_000,
      credentials: { instanceUrl: setup.mastodonUrl, accessToken: setup.mastodonToken },
    });
  }
  return { sources: setup.feeds.length, channels: 1 };
}
