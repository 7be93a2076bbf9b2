// @ts-check
import { html } from './html.js';
import { FIELD_ORDER, formatValue, labelFor } from './format.js';

/** Fields that count trouble: shown in amber when above zero. */
const TROUBLE = new Set(['failures', 'dlqDepth']);

/**
 * The overview as cards: the last hour large, the last day beneath. Every numeric field the API
 * returns gets a card, known ones first.
 * @param {{ overview: import('./dashboard-state.js').Overview | null }} props
 */
export function CountersView({ overview }) {
  if (!overview) return html`<section class="counters"><p class="muted">Loading the overview…</p></section>`;
  const windowFields = orderFields([...Object.keys(overview.lastHour), ...Object.keys(overview.lastDay)]);
  const totalFields = orderFields(Object.keys(overview.totals));
  return html`
    <section class="counters" aria-label="Counters">
      ${windowFields.map((field) => html`
        <${Counter} field=${field} value=${overview.lastHour[field]} day=${overview.lastDay[field]} />`)}
      ${totalFields.map((field) => html`<${Counter} field=${field} value=${overview.totals[field]} />`)}
    </section>`;
}

/** @param {{ field: string, value: number | null | undefined, day?: number | null | undefined }} props */
function Counter({ field, value, day }) {
  const trouble = TROUBLE.has(field) && typeof value === 'number' && value > 0;
  const windowed = day !== undefined;
  return html`
    <div class=${`card counter${trouble ? ' trouble' : ''}`} data-metric=${field}>
      <div class="counter-label">${labelFor(field)}</div>
      <div class="counter-value" data-value=${value ?? ''}>${formatValue(field, value)}</div>
      <div class="counter-sub muted">${windowed ? html`last hour · 24 h: ${formatValue(field, day)}` : 'now'}</div>
    </div>`;
}

/**
 * Distinct fields, the known ones in their fixed order, then the rest alphabetically.
 * @param {string[]} fields
 */
function orderFields(fields) {
  const unique = [...new Set(fields)];
  const known = FIELD_ORDER.filter((field) => unique.includes(field));
  const rest = unique.filter((field) => !FIELD_ORDER.includes(field)).sort();
  return [...known, ...rest];
}
