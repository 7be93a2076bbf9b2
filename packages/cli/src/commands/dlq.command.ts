import { Command, InvalidArgumentError, Option } from 'commander';
import { createKafka, listDlq, replayDlq, type BusLogger, type DlqEntry } from '@pulse/event-bus';
import { cliConfig } from '../config';
import type { CliIo } from '../program';
import { formatDlqEntry } from './dlq-format';

interface ReplayFlags {
  eventId?: string[];
  reasonKind?: string;
  key?: string;
  failedGroup?: string;
  group?: string;
}

/** `pulse dlq list|replay <topic>`: inspect and replay dead-lettered events. */
export function dlqCommand(io: CliIo): Command {
  const kafka = () => createKafka({ brokers: cliConfig(io.env).kafkaBrokers, clientId: 'pulse-cli', logger: stderrLogger(io) });
  // Set before adding subcommands: they copy these settings when created.
  const dlq = new Command('dlq')
    .description('inspect and replay dead-lettered events (KAFKA_BROKERS from the environment)')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  dlq.command('list')
    .description('show the oldest entries of <topic>.dlq (the topic or its .dlq)')
    .argument('<topic>', 'topic, e.g. news.fetched, or its DLQ news.fetched.dlq')
    .addOption(new Option('-n, --limit <count>', 'entries to show').default(20).argParser((v) => positiveInt(v, '--limit')))
    .option('--json', 'print the entries as JSON (with values and headers)')
    .action(async (topic: string, flags: { limit: number; json?: boolean }) => {
      const entries = await listDlq({ kafka: kafka(), topic, limit: flags.limit });
      if (flags.json) {
        io.out(`${JSON.stringify(entries, null, 2)}\n`);
      } else if (entries.length === 0) {
        io.out(`no entries in ${topic.endsWith('.dlq') ? topic : `${topic}.dlq`}\n`);
      } else {
        io.out(`${entries.map(formatDlqEntry).join('\n')}\n`);
      }
    });

  dlq.command('replay')
    .description('re-produce DLQ entries to their original topic; entries already replayed (or passed over) by the replay group are not replayed again')
    .argument('<topic>', 'topic, e.g. news.fetched, or its DLQ news.fetched.dlq')
    .option('--event-id <ids...>', 'only these event ids')
    .addOption(new Option('--reason-kind <kind>', 'only entries dead-lettered for this reason').choices(['invalid', 'permanent', 'exhausted']))
    .option('--key <key>', 'only entries with this Kafka key (article id)')
    .option('--failed-group <group>', 'only entries the given consumer group dead-lettered')
    .option('--group <group>', 'replay consumer group remembering progress (default pulse-dlq-replay.<dlq topic>)')
    .action(async (topic: string, flags: ReplayFlags) => {
      const hasFilter = flags.eventId || flags.reasonKind || flags.key || flags.failedGroup;
      const result = await replayDlq({
        kafka: kafka(), topic, groupId: flags.group, logger: stderrLogger(io),
        filter: hasFilter ? (entry) => matches(entry, flags) : undefined,
      });
      io.out(`replayed: ${result.replayed}\nskipped: ${result.skipped}\n`);
    });

  return dlq;
}

function matches(entry: DlqEntry, flags: ReplayFlags): boolean {
  if (flags.eventId && !flags.eventId.includes(entry.eventId ?? '')) return false;
  if (flags.reasonKind && entry.reasonKind !== flags.reasonKind) return false;
  if (flags.key && entry.key !== flags.key) return false;
  if (flags.failedGroup && entry.group !== flags.failedGroup) return false;
  return true;
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive integer, got "${value}"`);
  return n;
}

// The CLI's stdout is for results; kafkajs warnings and errors go to stderr.
function stderrLogger(io: CliIo): BusLogger {
  const write = (level: string) => (message: string, meta?: Record<string, unknown>) =>
    io.err(`${level}: ${message}${meta && Object.keys(meta).length > 0 ? ` ${JSON.stringify(meta)}` : ''}\n`);
  return { error: write('error'), warn: write('warn'), info: () => undefined, debug: () => undefined };
}
