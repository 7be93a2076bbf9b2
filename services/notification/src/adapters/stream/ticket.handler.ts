import type { IncomingMessage, ServerResponse } from 'node:http';
import { UnauthorizedError } from '@pulse/errors';
import type { Principal } from './principal';
import { failRequest } from './problem-response';
import type { TicketStore } from './ticket-store';

/**
 * POST /v1/stream/tickets: trades the caller's JWT (already verified; `principalOf` reads it) for a
 * single-use ticket to open `/v1/stream?ticket=` or `/ws?ticket=` from a browser.
 * Answers 201 `{ ticket, expiresIn }` (seconds).
 */
export function ticketHandler(tickets: TicketStore, options: { principalOf: (req: IncomingMessage) => Principal | undefined | Promise<Principal | undefined> }) {
  return async (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> => {
    try {
      const principal = await options.principalOf(req);
      if (!principal) throw new UnauthorizedError();
      const { ticket, expiresInSeconds } = await tickets.issue(principal);
      res.writeHead(201, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ ticket, expiresIn: expiresInSeconds }));
    } catch (error) {
      failRequest(res, error, next);
    }
  };
}
