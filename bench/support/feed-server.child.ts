// Child process of the news benchmark: builds the feed corpus and serves it on 127.0.0.1 with
// @pulse/fakes' feed server. It runs apart so that the ~150 MB corpus does not count in the peak
// RSS of the process that runs the news service. Talks to the parent over IPC:
// -> { type: 'ready', url, bytes }   once every feed is served
// -> { type: 'first-request', at }  when the first feed request arrives (Date.now())
// <- { type: 'close' }               closes the server and exits
import { startFeedServer } from '@pulse/fakes';
import { feedDocument, feedPath, type CorpusShape } from './feed-corpus';

async function main(): Promise<void> {
  const shape = JSON.parse(process.argv[2] ?? '') as CorpusShape;
  const server = await startFeedServer();
  let bytes = 0;
  for (let feed = 0; feed < shape.feeds; feed++) {
    const body = Buffer.from(feedDocument(shape, feed), 'utf8');
    bytes += body.length;
    server.serve(feedPath(feed), { body, contentType: 'application/rss+xml; charset=utf-8' });
  }
  // The feed server keeps no hook per request; a 1 ms poll until the first one is close enough
  // for a measurement that lasts tens of seconds.
  const watch = setInterval(() => {
    const first = server.requests[0];
    if (first === undefined) return;
    clearInterval(watch);
    process.send?.({ type: 'first-request', at: Date.now() });
  }, 1);
  process.on('message', (message: { type?: string }) => {
    if (message.type !== 'close') return;
    clearInterval(watch);
    void server.close().then(() => process.disconnect());
  });
  process.send?.({ type: 'ready', url: server.url, bytes });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
  process.disconnect?.();
});
