import { Command } from 'commander';
import { RetriableError } from '@pulse/errors';
import { localUpstreams } from '@pulse/gateway';
import { apiClientFor, withApiOptions, type ApiOptions } from '../api/api-options';
import { textTable } from '../api/text-table';
import type { CliIo } from '../program';

interface OverviewWindow {
  articles: number;
  summaries: number;
  posts: number;
  failures: number | null;
  llmCostUsd: number;
  articlesPerMinute: number;
  p95PipelineLatencyMs: number | null;
}

/** What GET /api/v1/analytics/overview answers (the parts `status` prints). */
interface Overview {
  lastHour: OverviewWindow;
  lastDay: OverviewWindow;
  dlqDepth?: number | null;
}

export interface ServiceHealth {
  name: string;
  url: string;
  ready: boolean;
  detail: string;
}

/** Each service's /readyz (the answer, or why there was none). */
export async function readinessOf(upstreams: Record<string, string>): Promise<ServiceHealth[]> {
  return Promise.all(Object.entries(upstreams).map(async ([name, url]) => {
    try {
      const response = await fetch(new URL('/readyz', url), { signal: AbortSignal.timeout(3_000) });
      return { name, url, ready: response.ok, detail: response.ok ? 'ready' : `${response.status} ${(await response.text()).slice(0, 120)}` };
    } catch (error) {
      return { name, url, ready: false, detail: `unreachable (${(error as Error).message})` };
    }
  }));
}

/**
 * `pulse status`: is every service ready, and what has the pipeline done lately. Services are
 * probed directly (`--services`, same format as GATEWAY_UPSTREAMS; the local ports by default);
 * the numbers come from the analytics overview through the public API.
 */
export function statusCommand(io: CliIo): Command {
  return withApiOptions(new Command('status'))
    .description("each service's readiness and the pipeline's last hour and day")
    .option('--services <list>', 'name=url,... of the services to probe; default $PULSE_SERVICE_URLS or the local ports')
    .option('--json', 'print everything as JSON')
    .action(async (options: ApiOptions & { services?: string; json?: boolean }) => {
      const services = await readinessOf(localUpstreams(options.services ?? io.env.PULSE_SERVICE_URLS));
      const api = await apiClientFor(options, io);
      const overview = await api.get<Overview>('/api/v1/analytics/overview');
      if (options.json) {
        io.out(`${JSON.stringify({ services, overview }, null, 2)}\n`);
      } else {
        io.out(textTable(['SERVICE', 'READY', 'URL', 'DETAIL'], services.map((s) => [s.name, s.ready ? 'yes' : 'NO', s.url, s.detail])));
        io.out('\n');
        const row = (label: string, w: OverviewWindow) => [
          label, String(w.articles), String(w.summaries), String(w.posts), w.failures === null ? '-' : String(w.failures),
          w.articlesPerMinute.toFixed(1), w.p95PipelineLatencyMs === null ? '-' : String(Math.round(w.p95PipelineLatencyMs)), w.llmCostUsd.toFixed(4),
        ];
        io.out(textTable(
          ['WINDOW', 'ARTICLES', 'SUMMARIES', 'POSTS', 'FAILURES', 'ARTICLES/MIN', 'P95 FETCH->POST MS', 'LLM USD'],
          [row('last hour', overview.lastHour), row('last day', overview.lastDay)],
        ));
        if (overview.dlqDepth !== undefined && overview.dlqDepth !== null) io.out(`\ndead letters waiting: ${overview.dlqDepth}\n`);
      }
      const down = services.filter((s) => !s.ready);
      if (down.length > 0) throw new RetriableError(`not ready: ${down.map((s) => s.name).join(', ')}`);
    });
}
