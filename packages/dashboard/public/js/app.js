// @ts-check
import { Component } from '../vendor/preact.mjs';
import { ApiError, createApi } from './api-client.js';
import { CountersView } from './counters-view.js';
import { applyEvent, applyOverview, applySeries, chartData, initialState } from './dashboard-state.js';
import { FeedView } from './feed-view.js';
import { html } from './html.js';
import { openLiveStream } from './live-stream.js';
import { LoginView } from './login-view.js';
import { ThroughputChart } from './throughput-chart.js';
import { clearToken, peekClaims, readToken, saveToken } from './token-store.js';

/** The live events move the counters at once; this poll brings them back to the server's truth. */
export const POLL_MS = 15_000;
/** The chart's window. */
const CHART_MS = 60 * 60_000;

/**
 * @typedef {import('./dashboard-state.js').DashboardState & {
 *   token: string | null,
 *   message: string | null,
 *   error: string | null,
 *   status: import('./live-stream.js').StreamStatus,
 *   updatedAt: Date | null,
 *   chart: [number[], number[], number[]],
 * }} AppState
 */

/**
 * The page: the login until there is a token, then the live dashboard.
 * @extends {Component<{}, AppState>}
 */
export class App extends Component {
  constructor() {
    super();
    /** @type {AppState} */
    const state = { ...signedOutState(), token: readToken() };
    this.state = state;
    /** @type {ReturnType<typeof setInterval> | undefined} */
    this.poller = undefined;
    /** @type {{ close(): void } | null} */
    this.stream = null;
    /** @type {import('./api-client.js').Api | null} */
    this.api = null;
    this.signIn = this.signIn.bind(this);
    this.signOut = this.signOut.bind(this);
  }

  /** @override */
  componentDidMount() {
    if (this.state.token) this.start(this.state.token);
  }

  /** @override */
  componentWillUnmount() {
    this.stop();
  }

  /** @param {string} token */
  signIn(token) {
    saveToken(token);
    this.setState({ token, message: null, error: null });
    this.start(token);
  }

  /** @param {string | null} [message] why, when the page signed the user out */
  signOut(message = null) {
    this.stop();
    clearToken();
    this.setState({ ...signedOutState(), message });
  }

  /** @param {string} token */
  start(token) {
    this.stop();
    const api = createApi(token);
    this.api = api;
    void this.refresh();
    this.poller = setInterval(() => void this.refresh(), POLL_MS);
    this.stream = openLiveStream({
      api,
      onEvent: (type, envelope) => this.update((state) => applyEvent(state, type, envelope)),
      onStatus: (status) => this.setState({ status }),
      onReset: () => void this.refresh(),
      onAuthFailed: () => this.signOut('The token was rejected (401): sign in again.'),
    });
  }

  stop() {
    clearInterval(this.poller);
    this.poller = undefined;
    this.stream?.close();
    this.stream = null;
    this.api = null;
  }

  /** Fetches the overview and both series; a 401 signs out, anything else shows a banner. */
  async refresh() {
    const api = this.api;
    if (!api) return;
    const to = new Date();
    const from = new Date(to.getTime() - CHART_MS);
    try {
      const [overview, articles, posts] = await Promise.all([
        api.overview(),
        api.timeseries('articles', from, to),
        api.timeseries('posts', from, to),
      ]);
      if (this.api !== api) return; // signed out meanwhile
      this.update((state) => applySeries(applySeries(applyOverview(state, overview), 'articles', articles), 'posts', posts), {
        error: null,
        updatedAt: new Date(),
      });
    } catch (error) {
      if (this.api !== api) return;
      if (error instanceof ApiError && error.status === 401) return this.signOut('The token was rejected (401): sign in again.');
      this.setState({ error: error instanceof Error ? error.message : String(error) });
    }
  }

  /**
   * Applies a pure state change and recomputes the chart from the new series.
   * @param {(state: AppState) => import('./dashboard-state.js').DashboardState} change
   * @param {Partial<AppState>} [extra]
   */
  update(change, extra = {}) {
    this.setState((state) => {
      const next = change(state);
      const now = Date.now();
      const chart = next.series === state.series ? state.chart : chartData(next.series, now - CHART_MS, now);
      return { ...next, ...extra, chart };
    });
  }

  /** @override */
  render() {
    const state = this.state;
    if (!state.token) return html`<${LoginView} onSignIn=${this.signIn} message=${state.message} />`;
    const claims = peekClaims(state.token);
    return html`
      <div class="page">
        <header class="topbar">
          <h1>Pulse <span class="muted">live</span></h1>
          <span class=${`status status-${state.status}`} data-status=${state.status}>${statusText(state.status)}</span>
          <span class="spacer"></span>
          ${claims?.tenantId ? html`<span class="muted who">tenant <strong>${claims.tenantId}</strong>${claims.sub ? ` · ${claims.sub}` : ''}</span>` : null}
          ${state.updatedAt ? html`<span class="muted">updated ${state.updatedAt.toLocaleTimeString('en-GB', { hour12: false })}</span>` : null}
          <button type="button" class="secondary" onClick=${() => this.signOut()}>Sign out</button>
        </header>
        ${state.error ? html`<p class="banner error" role="alert">${state.error}</p>` : null}
        <${CountersView} overview=${state.overview} />
        <section class="card">
          <h2>Throughput <span class="muted">last hour, per minute</span></h2>
          <${ThroughputChart} data=${state.chart} />
        </section>
        <${FeedView} state=${state} />
      </div>`;
  }
}

/** @returns {AppState} */
function signedOutState() {
  const now = Date.now();
  const data = initialState();
  return { ...data, token: null, message: null, error: null, status: 'closed', updatedAt: null, chart: chartData(data.series, now - CHART_MS, now) };
}

/** @param {import('./live-stream.js').StreamStatus} status */
function statusText(status) {
  return { connecting: 'connecting…', live: '● live', reconnecting: 'reconnecting…', closed: 'offline' }[status];
}
