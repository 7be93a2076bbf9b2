import { ValidationError } from '@pulse/errors';
import { isLiveMessageType, type LiveFilter, type LiveMessageType } from '../../domain/live-event';

const MAX_FILTER_VALUES = 50;

/** Builds a filter from lists (`?niches=a,b&events=post.published` or a WebSocket subscribe message). */
export function parseLiveFilter(niches: readonly string[], events: readonly string[]): LiveFilter {
  const nicheList = splitAll(niches);
  const eventList = splitAll(events);
  const errors: string[] = [];
  if (nicheList.length > MAX_FILTER_VALUES) errors.push(`niches: at most ${MAX_FILTER_VALUES} values`);
  if (eventList.length > MAX_FILTER_VALUES) errors.push(`events: at most ${MAX_FILTER_VALUES} values`);
  for (const event of eventList) if (!isLiveMessageType(event)) errors.push(`events: unknown event type "${event}"`);
  if (errors.length > 0) throw new ValidationError('Invalid stream filter', errors);
  return { niches: nicheList, events: eventList as LiveMessageType[] };
}

function splitAll(values: readonly string[]): string[] {
  const out = new Set<string>();
  for (const value of values) for (const part of value.split(',')) if (part.trim()) out.add(part.trim());
  return [...out];
}
