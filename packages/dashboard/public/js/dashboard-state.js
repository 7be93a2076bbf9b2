// @ts-check
// What the dashboard knows, and how API answers and live events change it. Pure functions that
// return a new state: the components only render it, and unit tests run it in Node.

/**
 * @typedef {Record<string, number | null>} Counts numeric fields of one overview window
 * @typedef {{ lastHour: Counts, lastDay: Counts, totals: Counts, generatedAt: string | null }} Overview
 * @typedef {{ t: number, value: number }} Point a bucket start (epoch ms) and its count
 * @typedef {{ articles: Point[], posts: Point[] }} Series
 * @typedef {{ id: string, time: string, postId: string, articleId: string, text: string, platform: string,
 *   niche: string, remoteUrl: string | undefined, variant: string | undefined }} PostItem
 * @typedef {{ id: string, time: string, articleId: string, title: string, url: string, summary: string,
 *   niche: string, model: string | undefined, costUsd: number | undefined }} SummaryItem
 * @typedef {{ overview: Overview | null, series: Series, posts: PostItem[], summaries: SummaryItem[],
 *   seenIds: string[] }} DashboardState
 * @typedef {'articles' | 'posts'} SeriesMetric
 */

/** Posts and summaries kept; summaries are also where a post finds its source article. */
export const MAX_POSTS = 20;
export const MAX_SUMMARIES = 100;
/** Event ids remembered so a replay after reconnect (Last-Event-ID) is not counted twice. */
export const MAX_SEEN_IDS = 1000;
export const MINUTE_MS = 60_000;

/** @returns {DashboardState} */
export function initialState() {
  return { overview: null, series: { articles: [], posts: [] }, posts: [], summaries: [], seenIds: [] };
}

/**
 * The numeric (or null) fields of an object; anything else is left out. Tolerant by design: a field
 * the analytics service adds later shows up without a change here.
 * @param {unknown} value
 * @returns {Counts}
 */
export function numericFields(value) {
  /** @type {Counts} */
  const out = {};
  if (!value || typeof value !== 'object') return out;
  for (const [key, field] of Object.entries(value)) {
    if (field === null || (typeof field === 'number' && Number.isFinite(field))) out[key] = field;
  }
  return out;
}

/**
 * Reads `GET /api/v1/analytics/overview`: `{ lastHour: {...}, lastDay: {...}, dlqDepth, ... }`.
 * @param {unknown} raw
 * @returns {Overview}
 */
export function normalizeOverview(raw) {
  const body = /** @type {Record<string, unknown>} */ (raw && typeof raw === 'object' ? raw : {});
  return {
    lastHour: numericFields(body.lastHour),
    lastDay: numericFields(body.lastDay),
    totals: numericFields(body),
    generatedAt: typeof body.generatedAt === 'string' ? body.generatedAt : null,
  };
}

/**
 * Reads `GET /api/v1/analytics/timeseries`: `{ points: [{ t, value }] }`, or `buckets` of
 * `{ start|bucket|time, count }`; `t` may be RFC 3339 or epoch ms. Sorted by time.
 * @param {unknown} raw
 * @returns {Point[]}
 */
export function normalizeSeries(raw) {
  const body = /** @type {Record<string, unknown>} */ (raw && typeof raw === 'object' ? raw : {});
  const list = Array.isArray(raw) ? raw : Array.isArray(body.points) ? body.points : Array.isArray(body.buckets) ? body.buckets : [];
  /** @type {Point[]} */
  const points = [];
  for (const item of list) {
    if (!item || typeof item !== 'object') continue;
    const t = toEpochMs(item.t ?? item.start ?? item.bucket ?? item.time);
    const value = Number(item.value ?? item.count ?? 0);
    if (t !== null && Number.isFinite(value)) points.push({ t, value });
  }
  return points.sort((a, b) => a.t - b.t);
}

/**
 * @param {DashboardState} state
 * @param {unknown} raw
 * @returns {DashboardState}
 */
export function applyOverview(state, raw) {
  return { ...state, overview: normalizeOverview(raw) };
}

/**
 * @param {DashboardState} state
 * @param {SeriesMetric} metric
 * @param {unknown} raw
 * @returns {DashboardState}
 */
export function applySeries(state, metric, raw) {
  return { ...state, series: { ...state.series, [metric]: normalizeSeries(raw) } };
}

/**
 * Folds one live event (a Pulse envelope) in at once: counters, chart and feeds move before the
 * next overview poll confirms them. An event seen before (same id) changes nothing.
 * @param {DashboardState} state
 * @param {string} type the SSE event name
 * @param {any} envelope
 * @returns {DashboardState}
 */
export function applyEvent(state, type, envelope) {
  if (!envelope || typeof envelope !== 'object' || typeof envelope.id !== 'string') return state;
  if (state.seenIds.includes(envelope.id)) return state;
  const data = envelope.data && typeof envelope.data === 'object' ? envelope.data : {};
  const time = typeof envelope.time === 'string' ? envelope.time : new Date().toISOString();
  const seenIds = [envelope.id, ...state.seenIds].slice(0, MAX_SEEN_IDS);

  if (type === 'post.published') {
    /** @type {PostItem} */
    const post = {
      id: envelope.id,
      time,
      postId: String(data.postId ?? ''),
      articleId: String(data.articleId ?? ''),
      text: String(data.text ?? ''),
      platform: String(data.platform ?? ''),
      niche: String(data.niche ?? ''),
      remoteUrl: typeof data.remoteUrl === 'string' ? data.remoteUrl : undefined,
      variant: typeof data.variant === 'string' ? data.variant : undefined,
    };
    return {
      ...state,
      seenIds,
      overview: bump(state.overview, 'posts', 1),
      series: { ...state.series, posts: bumpSeries(state.series.posts, toEpochMs(time) ?? Date.now()) },
      posts: [post, ...state.posts].slice(0, MAX_POSTS),
    };
  }
  if (type === 'article.summarized') {
    const costUsd = typeof data.usage?.costUsd === 'number' ? data.usage.costUsd : undefined;
    /** @type {SummaryItem} */
    const summary = {
      id: envelope.id,
      time,
      articleId: String(data.articleId ?? ''),
      title: String(data.title ?? ''),
      url: String(data.url ?? ''),
      summary: String(data.summary ?? ''),
      niche: String(data.niche ?? ''),
      model: typeof data.model === 'string' ? data.model : undefined,
      costUsd,
    };
    let overview = bump(state.overview, 'summaries', 1);
    if (costUsd !== undefined) overview = bump(overview, 'llmCostUsd', costUsd);
    return { ...state, seenIds, overview, summaries: [summary, ...state.summaries].slice(0, MAX_SUMMARIES) };
  }
  return state;
}

/**
 * The summarized article a post came from, when its event was seen.
 * @param {DashboardState} state
 * @param {string} articleId
 */
export function sourceOf(state, articleId) {
  return state.summaries.find((summary) => summary.articleId === articleId);
}

/**
 * uPlot's aligned data for the chart: one column per minute from `fromMs` to `toMs`, zero where the
 * API had no bucket. x is in seconds, as uPlot's time scale expects.
 * @param {Series} series
 * @param {number} fromMs
 * @param {number} toMs
 * @returns {[number[], number[], number[]]}
 */
export function chartData(series, fromMs, toMs) {
  const first = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
  const last = Math.floor(toMs / MINUTE_MS) * MINUTE_MS;
  const byMinute = (/** @type {Point[]} */ points) => {
    const map = new Map();
    for (const p of points) {
      const key = Math.floor(p.t / MINUTE_MS) * MINUTE_MS;
      map.set(key, (map.get(key) ?? 0) + p.value);
    }
    return map;
  };
  const articles = byMinute(series.articles);
  const posts = byMinute(series.posts);
  /** @type {[number[], number[], number[]]} */
  const data = [[], [], []];
  for (let t = first; t <= last; t += MINUTE_MS) {
    data[0].push(t / 1000);
    data[1].push(articles.get(t) ?? 0);
    data[2].push(posts.get(t) ?? 0);
  }
  return data;
}

/**
 * Adds `by` to a field in both windows, where the overview has it as a number.
 * @param {Overview | null} overview
 * @param {string} field
 * @param {number} by
 * @returns {Overview | null}
 */
function bump(overview, field, by) {
  if (!overview) return overview;
  /** @param {Counts} counts */
  const add = (counts) => {
    const value = counts[field];
    return typeof value === 'number' ? { ...counts, [field]: value + by } : counts;
  };
  return { ...overview, lastHour: add(overview.lastHour), lastDay: add(overview.lastDay) };
}

/**
 * One more in the minute bucket holding `timeMs` (created when missing).
 * @param {Point[]} points
 * @param {number} timeMs
 * @returns {Point[]}
 */
function bumpSeries(points, timeMs) {
  const t = Math.floor(timeMs / MINUTE_MS) * MINUTE_MS;
  const at = points.findIndex((p) => Math.floor(p.t / MINUTE_MS) * MINUTE_MS === t);
  if (at >= 0) return points.map((p, i) => (i === at ? { ...p, value: p.value + 1 } : p));
  return [...points, { t, value: 1 }].sort((a, b) => a.t - b.t);
}

/**
 * @param {unknown} value RFC 3339 text or epoch ms
 * @returns {number | null}
 */
function toEpochMs(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}
