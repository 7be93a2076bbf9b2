import { Command } from 'commander';
import { PermanentError, ValidationError } from '@pulse/errors';
import { apiClientFor, withApiOptions, type ApiOptions } from '../api/api-options';
import { textTable } from '../api/text-table';
import type { CliIo } from '../program';
import type { SourceView } from './sources.command';

/** What POST /api/v1/sources/:id/refresh answers. */
interface RefreshOutcome {
  sourceId: string;
  outcome: 'fetched' | 'not-modified' | 'failed';
  newArticles: number;
  duplicates: number;
  failedItems: number;
  error?: string;
  durationMs: number;
}

/** `pulse fetch-now <sourceId...> | --all`: fetch sources now instead of waiting for their schedule. */
export function fetchNowCommand(io: CliIo): Command {
  return withApiOptions(new Command('fetch-now'))
    .description('fetch sources now (POST /api/v1/sources/:id/refresh) and print what each brought')
    .argument('[sourceIds...]', 'the sources to fetch')
    .option('--all', "every enabled source of the tenant")
    .action(async (sourceIds: string[], options: ApiOptions & { all?: boolean }) => {
      if (!options.all && sourceIds.length === 0) throw new ValidationError('Nothing to fetch', ['name one or more source ids, or pass --all']);
      const api = await apiClientFor(options, io);
      const ids = options.all
        ? (await api.get<{ items: SourceView[] }>('/api/v1/sources?limit=1000')).items.filter((s) => s.enabled).map((s) => s.id)
        : sourceIds;
      // One at a time: the news service locks each source, and an operator reads the lines as they come.
      const outcomes: RefreshOutcome[] = [];
      for (const id of ids) outcomes.push(await api.post<RefreshOutcome>(`/api/v1/sources/${encodeURIComponent(id)}/refresh`));
      io.out(textTable(
        ['SOURCE', 'OUTCOME', 'NEW', 'DUPLICATES', 'FAILED ITEMS', 'MS', 'ERROR'],
        outcomes.map((o) => [o.sourceId, o.outcome, String(o.newArticles), String(o.duplicates), String(o.failedItems), String(Math.round(o.durationMs)), o.error ?? '']),
      ));
      if (outcomes.some((o) => o.outcome === 'failed')) throw new PermanentError(`${outcomes.filter((o) => o.outcome === 'failed').length} of ${outcomes.length} sources failed`);
    });
}
