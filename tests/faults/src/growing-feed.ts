import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '@pulse/testing';

export interface GrowingFeedOptions {
  /** One feed per niche, served at /feeds/<niche>.xml. */
  niches: string[];
  /** New items per second over all feeds together (round-robin over the feeds). */
  itemsPerSecond: number;
  /** Newest items each feed lists: how long a reader may be away without missing any. */
  window: number;
}

const WORDS = (
  'cloud chip startup database security researchers market revenue climate telescope vaccine genome ' +
  'ocean processor software merger inflation bond stocks species physics policy energy battery grid ' +
  'harbor river city council school hospital study trial engine satellite orbit rocket network cable ' +
  'privacy court ruling budget tariff export import factory robot sensor lithium solar wind farm'
).split(' ');

/** `count` words picked by a seeded generator: the same item always has the same words. */
function words(seed: number, count: number): string {
  const next = seededRandom(seed);
  return Array.from({ length: count }, () => WORDS[Math.floor(next() * WORDS.length)]).join(' ');
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * The outside world's news, on loopback: RSS feeds that keep publishing new items at a steady
 * rate (the load the faults happen under). Items are numbered per feed and never change, so the
 * test knows exactly what was published; `pause()` stops publishing so the pipeline can drain.
 */
export class GrowingFeedServer {
  private readonly counts = new Map<string, number>();
  private readonly publishedAt = new Map<string, string[]>();
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private server: Server | undefined;
  url = '';

  constructor(private readonly options: GrowingFeedOptions) {
    for (const niche of options.niches) {
      this.counts.set(niche, 0);
      this.publishedAt.set(niche, []);
    }
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const match = /^\/feeds\/([a-z0-9-]+)\.xml$/.exec(req.url ?? '');
      const niche = match?.[1];
      if (niche === undefined || !this.counts.has(niche)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(this.render(niche));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  feedUrl(niche: string): string {
    return `${this.url}/feeds/${niche}.xml`;
  }

  /** Starts (or resumes) publishing. */
  resume(): void {
    if (this.timer) return;
    const interval = 1000 / this.options.itemsPerSecond;
    this.timer = setInterval(() => this.publishOne(), interval);
  }

  /** Stops publishing; what was published stays listed. */
  pause(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Items published so far, per niche. */
  published(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  get total(): number {
    return [...this.counts.values()].reduce((sum, n) => sum + n, 0);
  }

  async close(): Promise<void> {
    this.pause();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); });
  }

  private publishOne(): void {
    const niches = this.options.niches;
    const niche = niches[this.next++ % niches.length]!;
    this.counts.set(niche, this.counts.get(niche)! + 1);
    this.publishedAt.get(niche)!.push(new Date().toUTCString());
  }

  private render(niche: string): string {
    const count = this.counts.get(niche)!;
    const dates = this.publishedAt.get(niche)!;
    const first = Math.max(1, count - this.options.window + 1);
    const items: string[] = [];
    for (let n = count; n >= first; n--) {
      const seed = n * 7919 + niche.length * 104729 + niche.charCodeAt(0);
      const link = `${this.url}/articles/${niche}/${n}`;
      items.push(`<item><title>${escapeXml(`${niche} ${n}: ${words(seed, 6)}`)}</title><link>${link}</link>` +
        `<guid isPermaLink="true">${link}</guid><pubDate>${dates[n - 1]}</pubDate>` +
        `<description>${escapeXml(`${words(seed + 1, 30)}. ${words(seed + 2, 25)}. ${words(seed + 3, 20)}.`)}</description></item>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Faults ${niche}</title>` +
      `<link>${this.url}/</link><description>steady ${niche} news</description><language>en</language>${items.join('')}</channel></rss>`;
  }
}
