import { httpPact, MatchersV3 } from '@pulse/testing';
import { createApi } from '../public/js/api-client.js';
import { withApiAt } from './pact-browser-fetch';

// What the dashboard page needs from the notification API: a single-use ticket for the live
// stream (EventSource cannot send the Authorization header). The stream itself
// (GET /api/v1/stream?ticket=…, text/event-stream) never ends, which a Pact interaction cannot
// describe; the headless-browser test and tests/e2e cover it. services/notification verifies this.
const consumer = 'dashboard';
const provider = 'notification';

const { like, regex } = MatchersV3;

const EXAMPLE_TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJ0ZW5hbnRJZCI6ImFjbWUiLCJzY29wZXMiOlsiYWRtaW4iXX0.c2lnbmF0dXJl';
const headers = { Authorization: regex(/^Bearer [A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, `Bearer ${EXAMPLE_TOKEN}`), Accept: 'application/json' };

describe('dashboard uses the notification API (pact with notification)', () => {
  it('trades the token for a live stream ticket', async () => {
    await httpPact({ consumer, provider })
      .given('a signed-in user of the tenant')
      .uponReceiving('a request for a live stream ticket')
      .withRequest({ method: 'POST', path: '/api/v1/stream/tickets', headers })
      .willRespondWith({
        status: 201,
        headers: { 'Content-Type': regex(/^application\/json(; ?charset=utf-8)?$/, 'application/json; charset=utf-8') },
        body: { ticket: like('b3f1c2d4e5a6978812345678') },
      })
      .executeTest(async (mock) => {
        const { ticket } = await withApiAt(mock.url, () => createApi(EXAMPLE_TOKEN).ticket());
        expect(ticket).toBe('b3f1c2d4e5a6978812345678');
      });
  });
});
