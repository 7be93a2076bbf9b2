// @ts-check
// The HTTP calls the page makes, all to relative `/api/v1/...` paths so the page works behind the
// gateway on any host. Every call carries the signed-in token.

/** An API answer that was not 2xx; `status` tells a rejected token (401) from the rest. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * @typedef {{
 *   overview(): Promise<unknown>,
 *   timeseries(metric: string, from: Date, to: Date): Promise<unknown>,
 *   ticket(): Promise<{ ticket: string }>,
 * }} Api
 */

/**
 * @param {string} token the JWT pasted at sign-in
 * @returns {Api}
 */
export function createApi(token) {
  /**
   * @param {'GET' | 'POST'} method
   * @param {string} path
   */
  async function request(method, path) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
      });
    } catch (error) {
      throw new ApiError(0, `${path}: the API is unreachable (${String(error)})`);
    }
    if (!response.ok) throw new ApiError(response.status, `${path}: ${response.status} ${await problemText(response)}`);
    return response.json();
  }

  return {
    overview: () => request('GET', '/api/v1/analytics/overview'),
    timeseries: (metric, from, to) => {
      const query = new URLSearchParams({ metric, interval: 'minute', from: from.toISOString(), to: to.toISOString() });
      return request('GET', `/api/v1/analytics/timeseries?${query}`);
    },
    ticket: async () => {
      const body = await request('POST', '/api/v1/stream/tickets');
      if (!body || typeof body.ticket !== 'string') throw new ApiError(502, 'the ticket answer has no ticket');
      return body;
    },
  };
}

/**
 * The `detail` or `title` of an application/problem+json answer, else its status text.
 * @param {Response} response
 */
async function problemText(response) {
  try {
    const problem = await response.json();
    return String(problem.detail ?? problem.title ?? response.statusText);
  } catch {
    return response.statusText;
  }
}
