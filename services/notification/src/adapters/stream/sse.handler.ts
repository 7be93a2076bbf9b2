import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LiveHub } from './live-hub';
import { parseLiveFilter } from './live-filter-query';
import type { Principal } from './principal';
import { failRequest } from './problem-response';
import { principalFromTicketOr, requestUrl } from './request-auth';
import { SseTransport } from './sse-transport';
import type { TicketStore } from './ticket-store';

export interface SseHandlerOptions {
  /** The authenticated principal of a request (e.g. @pulse/auth's principalOf after its middleware); may throw. */
  principalOf: (req: IncomingMessage) => Principal | undefined | Promise<Principal | undefined>;
  /** Lets browsers authenticate with `?ticket=` (EventSource cannot send headers). */
  tickets?: TicketStore;
  /** The reconnect delay browsers are told (`retry:`). */
  retryMs?: number;
}

/**
 * GET /v1/stream: an express-compatible handler streaming the principal's tenant's events as SSE.
 * Query: `niches`, `events` (comma-separated or repeated), `lastEventId` (or the `Last-Event-ID` header),
 * `ticket`. Frames: `id:` (event id), `event:` (event type or `reset`), `data:` (the envelope JSON).
 */
export function sseHandler(hub: LiveHub, options: SseHandlerOptions) {
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    const url = requestUrl(req);
    let principal: Principal;
    let filter;
    try {
      principal = await principalFromTicketOr(url, options.tickets, () => options.principalOf(req));
      filter = parseLiveFilter(url.searchParams.getAll('niches'), url.searchParams.getAll('events'));
    } catch (error) {
      return failRequest(res, error, next);
    }
    const header = req.headers['last-event-id'];
    const lastEventId = (Array.isArray(header) ? header[0] : header) || url.searchParams.get('lastEventId') || undefined;

    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (nginx, Traefik buffering middleware) must pass frames through as they come.
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${options.retryMs ?? 3000}\n\n`);
    const { client, ready } = hub.connect(new SseTransport(res), { principal, filter, lastEventId });
    res.on('close', () => client.disconnected());
    await ready.catch(() => undefined); // the hub already closed the stream; the client reconnects
  };
}
