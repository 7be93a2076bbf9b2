import type { DlqEntry } from '@pulse/event-bus';

/** One DLQ entry as a few human-readable lines. */
export function formatDlqEntry(entry: DlqEntry): string {
  const where = `${entry.dlqTopic} ${entry.partition}/${entry.offset}`;
  const from = `from ${entry.originalTopic} ${entry.originalPartition ?? '?'}/${entry.originalOffset ?? '?'}`;
  const lines = [
    `${where}  ${entry.failedAt ?? '-'}  ${entry.reasonKind ?? '-'}  attempts=${entry.attempts ?? '-'}  group=${entry.group ?? '-'}  ${from}`,
    `  event: ${entry.eventId ?? '(unparseable)'}  type: ${entry.eventType ?? '-'}  key: ${entry.key ?? '-'}`,
    `  reason: ${entry.reason ?? '-'}`,
  ];
  return lines.join('\n');
}
