// The parser half of the news benchmark: Pulse's parseFeed against rss-parser (xml2js underneath)
// on the same documents, one after the other in the same process, each after a warm-up pass.
import Parser from 'rss-parser';
import { parseFeed } from '@pulse/news/src/domain';
import { feedDocument, feedPath, type CorpusShape } from './feed-corpus';

export interface ParserComparison {
  documents: number;
  megabytes: number;
  parserMBps: number;
  peerMBps: number;
  /** Items each parser returned over one pass (a check that both read everything). */
  parserItems: number;
  peerItems: number;
}

/** Seconds of repeated passes each side gets at least (so a fast parser is timed over enough work). */
const MIN_SECONDS = 3;

async function timed(pass: () => Promise<number>): Promise<{ passes: number; seconds: number; items: number }> {
  const items = await pass(); // warm-up: JIT, lazy initialisation
  let passes = 0;
  const started = process.hrtime.bigint();
  let seconds = 0;
  do {
    await pass();
    passes++;
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
  } while (seconds < MIN_SECONDS);
  return { passes, seconds, items };
}

export async function compareParsers(shape: CorpusShape, documents: number): Promise<ParserComparison> {
  const feeds = Array.from({ length: Math.min(documents, shape.feeds) }, (_, feed) => ({
    url: `http://127.0.0.1${feedPath(feed)}`,
    text: feedDocument(shape, feed),
  }));
  const bytes = feeds.reduce((sum, feed) => sum + Buffer.byteLength(feed.text, 'utf8'), 0);
  const megabytes = bytes / 1e6;

  // Both get the decoded string, so neither pays for charset decoding the other skips.
  const ours = await timed(async () => {
    let items = 0;
    for (const feed of feeds) items += parseFeed(feed.text, { url: feed.url }).items.length;
    return items;
  });
  const peer = new Parser();
  const theirs = await timed(async () => {
    let items = 0;
    for (const feed of feeds) items += (await peer.parseString(feed.text)).items.length;
    return items;
  });
  return {
    documents: feeds.length,
    megabytes,
    parserMBps: (megabytes * ours.passes) / ours.seconds,
    peerMBps: (megabytes * theirs.passes) / theirs.seconds,
    parserItems: ours.items,
    peerItems: theirs.items,
  };
}
