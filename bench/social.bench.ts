// Social throughput: compose + publish to a local fake Mastodon, end to end. `article.summarized`
// events go to the real social service's input topic (the service runs in a child process with
// auto-publishing channels, no posting windows, 1000 posts/hour per channel); posts/s counts until
// every post's `post.published` was consumed from its output topic. Peak RSS is the service's.
import os from 'node:os';
import { numberOption } from './support/bench-args';
import { CHART_HEAP_MIB } from './support/chart-heap';
import { runSocialPipeline } from './support/social-pipeline';
import type { BenchResult } from './results';

export async function run(): Promise<BenchResult> {
  const posts = numberOption('posts', 5_000);
  // maxPostsPerHour is at most 1000 per channel (the API's cap), so the posts are spread over tenants.
  const tenants = numberOption('tenants', Math.max(1, Math.ceil(posts / 900)));
  const partitions = numberOption('partitions', 6);
  console.error(`social: ${posts} posts over ${tenants} tenant(s), ${partitions} partitions`);

  const loadBefore = os.loadavg()[0]!;
  const result = await runSocialPipeline({ posts, tenants, partitions, serviceEnv: {} });
  const loadAfter = os.loadavg()[0]!;
  const expectedStatuses = posts + result.warmUpPosts;
  if (result.statuses !== expectedStatuses || result.statusPosts !== expectedStatuses || result.publishedEvents !== expectedStatuses) {
    throw new Error(`social: expected ${expectedStatuses} statuses, status POSTs and post.published events; got ${result.statuses}, ${result.statusPosts}, ${result.publishedEvents}`);
  }
  const rate = result.postsPerSecond;
  const flags = `--posts ${posts}${tenants !== Math.max(1, Math.ceil(posts / 900)) ? ` --tenants ${tenants}` : ''}${partitions !== 6 ? ` --partitions ${partitions}` : ''}`;
  return {
    name: 'social',
    title: 'Social compose + publish throughput (social)',
    command: `cd bench && eval "$(bash ../scripts/infra.sh env)" && ../node_modules/.bin/tsx run.ts social ${flags}`,
    figures: {
      'posts': `${posts} over ${tenants} tenant(s) (one Mastodon channel each), ${partitions} partitions`,
      'seconds': result.seconds.toFixed(1),
      'social posts/s': Math.round(rate),
      'social peak rss MiB': result.peakRssMiB,
      'summary -> published p50 / p95 ms': `${result.latencyP50Ms} / ${result.latencyP95Ms}`,
      'service CPU ms/post': result.serviceCpuMsPerPost.toFixed(2),
      'service DB round trips/post': result.serviceQueriesPerPost.toFixed(1),
      'fake Mastodon CPU ms/post': result.fakeCpuMsPerPost.toFixed(2),
      'statuses / status POSTs / post.published (incl. warm-up)': `${result.statuses} / ${result.statusPosts} / ${result.publishedEvents}`,
      'load average (1 min) before/after': `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
    },
    notes: [
      `target: >= 500 posts/s ${rate >= 500 ? 'met' : 'NOT met'}${posts < 5_000 ? ` (at ${posts} posts; the default is 5,000)` : ''}.`,
      'posts/s = posts / (first article.summarized sent .. last post.published consumed); each post is planned in the inbox transaction of its chunk of summaries (channel lock, variant from the experiment, composed, scheduled now), handed to the dispatcher after the commit and claimed by id (SKIP LOCKED lease), sent with its Idempotency-Key, recorded with its outbox row in one statement (successes finishing together share it), relayed to Kafka (idempotent producer, acks=all) and consumed by the bench.',
      'DB round trips: every statement the service process sent to PostgreSQL (pg Client#query, BEGIN/COMMIT and the outbox relay included) from the end of the warm-up to the end, divided by the measured posts.',
      `service config: ${Object.entries(result.serviceEnv).map(([k, v]) => `${k}=${v}`).join(', ')}, LOG_LEVEL=warn, everything else at its default; a warm-up of one post per tenant runs first and is not timed.`,
      'exactly once checked: every post published, the fake stored exactly one status per post and got one POST per post, one post.published per post.',
      `peak rss: the social service process alone (a child process: startService as main.ts runs it, bundled with esbuild as the image bundles dist/main.js, with --max-old-space-size=${CHART_HEAP_MIB} as the Helm chart sets it), sampled every 100 ms over its whole life; the fake Mastodon runs in another child process.`,
      'latency: publishedAt of the event minus the time its summary was sent; it grows with the backlog, since all posts are sent at once.',
      'the machine is shared with other work; the load average shows how busy it was.',
    ],
  };
}
