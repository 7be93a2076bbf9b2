// Public API: `GET /api/v1/articles` (a tenant's first page, ranked) at 50 connections through the
// dev gateway, and the same query straight to the news service in the same run. The news service
// and the gateway are separate processes, as in `npm start`; autocannon runs in this process.
import os from 'node:os';
import autocannon from 'autocannon';
import { createTokenSigner, generateKeyPair } from '@pulse/auth';
import { numberOption } from './support/bench-args';
import { startGatewayProcess, startServices, treeCpuMs, treeMemory, type StackProcess } from './support/stack-processes';
import { stackEnvs, uniqueStackNames } from './support/stack-env';
import { seedArticles, type SeededTenant } from './support/stack-seed';
import { dropStackData } from './support/stack-cleanup';
import type { BenchResult } from './results';

interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  requests: number;
}

/** How many GET /v1/articles the news service has answered (its own request histogram on /metrics). */
async function articlesServed(newsUrl: string): Promise<number> {
  const text = await (await fetch(`${newsUrl}/metrics`)).text();
  return text.split('\n')
    .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="/v1/articles"'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

/**
 * Runs `phase` and returns its result with the CPU ms each process tree spent per request the news
 * service answered: the figure that says what a request costs, whatever else the machine was doing.
 * Counted by the service (autocannon leaves requests in flight when it stops; they still cost CPU),
 * read once the count stops moving.
 */
async function withCpu<T>(newsUrl: string, pids: Record<string, number>, phase: () => Promise<T>): Promise<T & { cpuMsPerRequest: Record<string, number> }> {
  const servedBefore = await articlesServed(newsUrl);
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, treeCpuMs(pid)]));
  const result = await phase();
  let served = await articlesServed(newsUrl);
  for (let last = -1; served !== last; ) {
    last = served;
    await new Promise((resolve) => setTimeout(resolve, 500));
    served = await articlesServed(newsUrl);
  }
  const answered = served - servedBefore;
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, answered > 0 ? (treeCpuMs(pid) - before[name]!) / answered : 0]),
  );
  return { ...result, cpuMsPerRequest };
}

/** autocannon against one URL for `seconds`; fails if any answer was not a 200. */
async function load(url: string, token: string, connections: number, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

export async function run(): Promise<BenchResult> {
  const connections = numberOption('connections', 50);
  const seconds = numberOption('seconds', 20);
  const feeds = numberOption('feeds', 20);
  const names = uniqueStackNames();
  const keys = generateKeyPair();
  const signer = createTokenSigner({ privateKeyPem: keys.privateKeyPem, issuer: 'pulse', audience: 'pulse-api' });
  const tenantId = `${names.prefix}-tenant`;
  const token = await signer.sign({ sub: 'bench', tenantId, scopes: ['news:read', 'news:write'], ttlSeconds: 3_600 });
  const envs = stackEnvs({ names, jwtPublicKeyPem: keys.publicKeyPem });
  console.error(`api: news + gateway as processes, ${feeds} feeds x 50 items for one tenant, ${connections} connections, ${seconds} s per target`);

  let news: StackProcess | undefined;
  let gateway: StackProcess | undefined;
  let seeded: SeededTenant | undefined;
  try {
    ({ news } = await startServices({ news: envs.news }));
    const newsUrl = `http://127.0.0.1:${news!.port}`;
    seeded = await seedArticles(newsUrl, token, feeds);
    gateway = await startGatewayProcess({ news: newsUrl });
    const gatewayUrl = `http://127.0.0.1:${gateway.port}`;
    const check = await fetch(`${gatewayUrl}/api/v1/articles`, { headers: { authorization: `Bearer ${token}` } });
    const pageText = await check.text();
    const page = JSON.parse(pageText) as { items?: unknown[] };
    if (check.status !== 200 || page.items?.length !== 50) throw new Error(`GET /api/v1/articles answered ${check.status} with ${page.items?.length} items`);

    const loadBefore = os.loadavg()[0]!;
    // Warm-up (JIT, connection pools, PostgreSQL's cache), then direct and gateway back to back.
    await load(`${newsUrl}/v1/articles`, token, connections, 3);
    await load(`${gatewayUrl}/api/v1/articles`, token, connections, 3);
    const pids = { news: news!.child.pid!, gateway: gateway.child.pid! };
    const direct = await withCpu(newsUrl, pids, () => load(`${newsUrl}/v1/articles`, token, connections, seconds));
    const api = await withCpu(newsUrl, pids, () => load(`${gatewayUrl}/api/v1/articles`, token, connections, seconds));
    const loadAfter = os.loadavg()[0]!;
    for (const [what, r] of [['direct', direct], ['gateway', api]] as const) {
      if (r.non2xx > 0) throw new Error(`${what}: ${r.non2xx} non-2xx answers of ${r.requests}`);
      if (r.requests === 0) throw new Error(`${what}: no answer at all within ${seconds} s (is the machine overloaded? load ${os.loadavg()[0]!.toFixed(1)})`);
    }
    const newsMemory = treeMemory(news!.child.pid!);
    const gatewayMemory = treeMemory(gateway.child.pid!);

    const flags = [connections !== 50 && `--connections ${connections}`, seconds !== 20 && `--seconds ${seconds}`, feeds !== 20 && `--feeds ${feeds}`].filter(Boolean).join(' ');
    return {
      name: 'api',
      title: 'Public API through the gateway (api)',
      command: `cd bench && eval "$(bash ../scripts/infra.sh env)" && ../node_modules/.bin/tsx run.ts api${flags ? ` ${flags}` : ''}`,
      figures: {
        'api req/s': Math.round(api.requestsPerSecond),
        'api p99 ms': api.p99Ms,
        'api p50 ms': api.p50Ms,
        'direct req/s': Math.round(direct.requestsPerSecond),
        'direct p99 ms': direct.p99Ms,
        // autocannon's errors: requests without an answer within its 10 s timeout (an overloaded machine).
        'timeouts/errors api / direct': `${api.errors} / ${direct.errors}`,
        'gateway/direct ratio': (api.requestsPerSecond / direct.requestsPerSecond).toFixed(2),
        // CPU time per answered request (user + system, from /proc): the cost of a request whatever the load.
        'news CPU ms/request direct / via gateway': `${direct.cpuMsPerRequest.news!.toFixed(2)} / ${api.cpuMsPerRequest.news!.toFixed(2)}`,
        'gateway CPU ms/request': api.cpuMsPerRequest.gateway!.toFixed(2),
        'articles of the tenant': seeded.articles,
        'response bytes (one page, uncompressed)': Buffer.byteLength(pageText),
        'news peak rss MiB': newsMemory.serviceMiB,
        'gateway peak rss MiB': gatewayMemory.serviceMiB,
        'load average (1 min) before/after': `${loadBefore.toFixed(1)} / ${loadAfter.toFixed(1)}`,
      },
      notes: [
        `targets: >= 2,000 req/s ${api.requestsPerSecond >= 2_000 ? 'met' : 'NOT met'}; p99 <= 50 ms ${api.p99Ms <= 50 ? 'met' : 'NOT met'}.`,
        `load: autocannon, ${connections} keep-alive connections, ${seconds} s per target after 3 s of warm-up each; the query is the tenant's first page (50 articles, ranked by score) with a JWT (ES256 verified per request) and the per-tenant rate limiter (one Redis call per request, limit set out of the way).`,
        `stack: the news service (its own process, tsx, NODE_ENV=production, LOG_LEVEL=warn) and the dev gateway (gateway/src/main.ts, its own process); autocannon in the benchmark process; all on one 2-core machine, so the load generator competes with what it measures.`,
        `data: ${feeds} RSS feeds of the news benchmark's corpus (50 items, 250-450 words each, 10% repeated across feeds) fetched once through POST /v1/sources/:id/refresh: ${seeded.articles} articles.`,
        'CPU ms/request: user + system time of the process tree (/proc/<pid>/stat) over the timed phase, divided by the GET /v1/articles the news service answered in it (its own request histogram); unlike req/s it hardly depends on what else the machine runs.',
        'the machine is shared with other work; the load average shows how busy it was.',
      ],
    };
  } finally {
    await gateway?.stop();
    await news?.stop();
    await seeded?.feedServer.stop();
    await dropStackData(names);
  }
}
