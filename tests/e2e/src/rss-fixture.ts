/** One item of the test feed. */
export interface FixtureItem {
  guid: string;
  title: string;
  link: string;
  description: string;
  publishedAt: Date;
}

// Three unrelated technology stories (distinct words, so story clustering keeps them apart), long
// enough for a summary and in English, so language detection and ranking behave as on real feeds.
const STORIES: Array<Pick<FixtureItem, 'title' | 'description'>> = [
  {
    title: 'Open source database adds vector search for AI workloads',
    description:
      'The maintainers of a popular open source database released a version with built-in vector search. ' +
      'Developers can now store embeddings next to relational data and query both in one statement. ' +
      'Benchmarks published with the release show queries returning in under ten milliseconds on a laptop. ' +
      'The project says the feature was requested by thousands of users building AI assistants.',
  },
  {
    title: 'Chip maker unveils low-power processor for smartphones',
    description:
      'A chip maker presented a processor designed to double battery life in mid-range smartphones. ' +
      'The design moves background tasks to small efficiency cores that draw a fraction of the power. ' +
      'Handset makers expect the first phones with the processor to ship early next year. ' +
      'Analysts say the move puts pressure on rivals to cut prices.',
  },
  {
    title: 'Cloud provider patches security flaw in storage service',
    description:
      'A major cloud provider fixed a security flaw that could expose customer files stored in its buckets. ' +
      'Researchers reported the bug privately and received a reward from the bug bounty program. ' +
      'The company found no sign that the weakness had been exploited before the patch. ' +
      'Customers do not need to take any action, according to the advisory.',
  },
];

/** The three items, linking to pages of `baseUrl` (never fetched: full-article fetching is off). */
export function fixtureItems(baseUrl: string, now = new Date()): FixtureItem[] {
  return STORIES.map((story, index) => ({
    ...story,
    guid: `e2e-story-${index + 1}`,
    link: `${baseUrl}/articles/story-${index + 1}`,
    publishedAt: new Date(now.getTime() - (index + 1) * 10 * 60_000),
  }));
}

/** An RSS 2.0 document with the given items. */
export function rssFeed(title: string, siteUrl: string, items: FixtureItem[]): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const entries = items
    .map(
      (item) => `    <item>
      <title>${escape(item.title)}</title>
      <link>${escape(item.link)}</link>
      <guid isPermaLink="false">${escape(item.guid)}</guid>
      <pubDate>${item.publishedAt.toUTCString()}</pubDate>
      <description>${escape(item.description)}</description>
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>${escape(title)}</title>
    <link>${escape(siteUrl)}</link>
    <description>End-to-end test feed</description>
    <language>en</language>
${entries}
  </channel>
</rss>
`;
}
