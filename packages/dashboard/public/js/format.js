// @ts-check
// Labels and number formats for the counters. Pure: unit-tested in Node.

/** Labels of the fields the analytics overview is known to carry; others are labelled from their name. */
const LABELS = /** @type {Record<string, string>} */ ({
  articles: 'Articles',
  articlesPerMinute: 'Articles / min',
  summaries: 'Summaries',
  posts: 'Posts',
  failures: 'Failures',
  dlqDepth: 'DLQ depth',
  llmCostUsd: 'LLM spend',
  p95LatencyMs: 'p95 fetch → post',
  p95PipelineLatencyMs: 'p95 fetch → post',
});

/** The order known fields are shown in; unknown numeric fields follow, alphabetically. */
export const FIELD_ORDER = [
  'articles',
  'articlesPerMinute',
  'summaries',
  'posts',
  'failures',
  'dlqDepth',
  'llmCostUsd',
  'p95LatencyMs',
  'p95PipelineLatencyMs',
];

/**
 * A human label for an overview field: `llmCostUsd` -> `LLM spend`, `fooBarBaz` -> `Foo bar baz`.
 * @param {string} field
 */
export function labelFor(field) {
  const known = LABELS[field];
  if (known) return known;
  const words = field.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Formats a field's value by what its name says it is (USD, milliseconds, a rate or a count).
 * @param {string} field
 * @param {number | null | undefined} value
 */
export function formatValue(field, value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (/Usd$/.test(field)) return formatUsd(value);
  if (/Ms$/.test(field)) return formatDuration(value);
  if (/Per[A-Z]/.test(field)) return value.toLocaleString('en-US', { maximumFractionDigits: 1 });
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/**
 * $1,234.56, but cents of cents for the small sums one summary costs ($0.0041).
 * @param {number} value
 */
export function formatUsd(value) {
  const digits = Math.abs(value) < 1 && value !== 0 ? 4 : 2;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits })}`;
}

/**
 * 850 ms, 12.3 s, 4.5 min, 2.1 h.
 * @param {number} ms
 */
export function formatDuration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * HH:MM:SS in the viewer's time zone; the raw text when it is not a time.
 * @param {string | number | undefined} time
 */
export function formatClock(time) {
  if (time === undefined) return '';
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return String(time);
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

/**
 * The first 8 characters of an id: enough to tell items apart on screen.
 * @param {string | undefined} id
 */
export function shortId(id) {
  return String(id ?? '').slice(0, 8);
}
