// @ts-check
// The live feed: Server-Sent Events from the notification service. EventSource cannot send an
// Authorization header, so each connection first trades the token for a single-use ticket.

/** The events the dashboard listens to (the SSE `event:` names are the envelope types). */
export const LIVE_EVENT_TYPES = ['article.summarized', 'post.published'];

const MAX_BACKOFF_MS = 30_000;

/**
 * @typedef {'connecting' | 'live' | 'reconnecting' | 'closed'} StreamStatus
 * @typedef {{
 *   api: import('./api-client.js').Api,
 *   onEvent: (type: string, envelope: unknown) => void,
 *   onStatus: (status: StreamStatus) => void,
 *   onReset: () => void,
 *   onAuthFailed: (error: unknown) => void,
 * }} LiveStreamOptions
 */

/**
 * Opens the stream and keeps it open: after an error it asks for a new ticket and reconnects with
 * exponential backoff and jitter, resuming after the last event seen (`lastEventId`).
 * @param {LiveStreamOptions} options
 * @returns {{ close(): void }}
 */
export function openLiveStream({ api, onEvent, onStatus, onReset, onAuthFailed }) {
  /** @type {EventSource | null} */
  let source = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let stopped = false;
  let attempt = 0;
  /** @type {string | null} */
  let lastEventId = null;

  async function connect() {
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    let ticket;
    try {
      ({ ticket } = await api.ticket());
    } catch (error) {
      const status = /** @type {{ status?: number }} */ (error).status;
      if (status === 401) return onAuthFailed(error);
      return retry();
    }
    if (stopped) return;
    const query = new URLSearchParams({ ticket });
    if (lastEventId) query.set('lastEventId', lastEventId);
    const opened = new EventSource(`/api/v1/stream?${query}`);
    source = opened;
    opened.onopen = () => {
      attempt = 0;
      onStatus('live');
    };
    // The browser would retry with the same ticket, which is single-use: reconnect ourselves.
    opened.onerror = () => {
      opened.close();
      if (source === opened) source = null;
      retry();
    };
    for (const type of LIVE_EVENT_TYPES) {
      opened.addEventListener(type, (message) => {
        if (message.lastEventId) lastEventId = message.lastEventId;
        let envelope;
        try {
          envelope = JSON.parse(message.data);
        } catch {
          return; // not JSON: nothing to show
        }
        onEvent(type, envelope);
      });
    }
    // The server could not replay from lastEventId (too old): the counters must be fetched anew.
    opened.addEventListener('reset', () => onReset());
  }

  function retry() {
    if (stopped) return;
    onStatus('reconnecting');
    const delay = Math.min(MAX_BACKOFF_MS, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
    attempt += 1;
    timer = setTimeout(connect, delay);
  }

  void connect();
  return {
    close() {
      stopped = true;
      clearTimeout(timer);
      source?.close();
      source = null;
      onStatus('closed');
    },
  };
}
