import { Command } from 'commander';
import { apiClientFor, withApiOptions, type ApiOptions } from '../api/api-options';
import { textTable } from '../api/text-table';
import type { CliIo } from '../program';

/** The fields of a source the CLI shows (GET /api/v1/sources). */
export interface SourceView {
  id: string;
  url: string;
  title: string | null;
  niche: string;
  enabled: boolean;
  health: { status: string; lastError: string | null; consecutiveFailures: number; nextFetchAt: string; itemsSeen: number };
}

/** `pulse sources list|add|remove`: a tenant's feed sources through the public API. */
export function sourcesCommand(io: CliIo): Command {
  const sources = new Command('sources').description("a tenant's feed sources (news service, through the gateway)");

  sources.addCommand(withApiOptions(new Command('list'))
    .description('the sources with their health')
    .option('--niche <niche>', 'only this niche')
    .option('--json', 'print the API answer as JSON')
    .action(async (options: ApiOptions & { niche?: string; json?: boolean }) => {
      const api = await apiClientFor(options, io);
      const query = new URLSearchParams({ limit: '1000', ...(options.niche ? { niche: options.niche } : {}) });
      const { items } = await api.get<{ items: SourceView[] }>(`/api/v1/sources?${query}`);
      if (options.json) return io.out(`${JSON.stringify(items, null, 2)}\n`);
      io.out(textTable(
        ['ID', 'NICHE', 'STATUS', 'FAILURES', 'ITEMS', 'NEXT FETCH', 'URL'],
        items.map((s) => [s.id, s.niche, s.enabled ? s.health.status : 'disabled', String(s.health.consecutiveFailures), String(s.health.itemsSeen), s.health.nextFetchAt, s.url]),
      ));
    }));

  sources.addCommand(withApiOptions(new Command('add'))
    .description('add a feed source')
    .argument('<url>', 'the feed URL (RSS, Atom or JSON Feed)')
    .requiredOption('--niche <niche>', 'the niche its articles belong to, e.g. technology')
    .option('--title <title>', 'a display name')
    .option('--weight <0..1>', 'source authority weight')
    .action(async (url: string, options: ApiOptions & { niche: string; title?: string; weight?: string }) => {
      const api = await apiClientFor(options, io);
      const body = {
        url, niche: options.niche,
        ...(options.title ? { title: options.title } : {}),
        ...(options.weight !== undefined ? { authorityWeight: Number(options.weight) } : {}),
      };
      const created = await api.post<SourceView>('/api/v1/sources', body);
      io.out(`added ${created.id} ${created.url}\n`);
    }));

  sources.addCommand(withApiOptions(new Command('remove'))
    .description('delete a source (its articles stay)')
    .argument('<sourceId>')
    .action(async (sourceId: string, options: ApiOptions) => {
      const api = await apiClientFor(options, io);
      await api.delete(`/api/v1/sources/${encodeURIComponent(sourceId)}`);
      io.out(`removed ${sourceId}\n`);
    }));

  return sources;
}
