import type { IncomingMessage } from 'node:http';
import type { Request, RequestHandler, Router } from 'express';
import { principalOf, type Authenticator } from '@pulse/auth';
import type { LiveHub } from '../adapters/stream/live-hub';
import { sseHandler } from '../adapters/stream/sse.handler';
import { ticketHandler } from '../adapters/stream/ticket.handler';
import type { TicketStore } from '../adapters/stream/ticket-store';

/** The scope live streams need (tickets inherit it from the token that requested them). */
export const STREAM_SCOPE = 'stream:read';

export interface StreamRoutesDeps {
  auth: Authenticator;
  rateLimit: RequestHandler;
  hub: LiveHub;
  tickets: TicketStore;
}

/** `POST /v1/stream/tickets` and `GET /v1/stream` (SSE; JWT or `?ticket=`). */
export function streamRoutes(router: Router, { auth, rateLimit, hub, tickets }: StreamRoutesDeps): void {
  const principal = (req: IncomingMessage) => principalOf(req as Request);
  router.post('/stream/tickets', auth.authenticate, auth.requireScopes(STREAM_SCOPE), rateLimit, ticketHandler(tickets, { principalOf: principal }));
  router.get('/stream', jwtUnlessTicket(auth), rateLimit, sseHandler(hub, { principalOf: principal, tickets }));
}

/**
 * Browsers' EventSource cannot send an Authorization header: with `?ticket=` the SSE handler redeems
 * the ticket (single use, 30 s) instead; without one the JWT and scope are required as everywhere.
 */
function jwtUnlessTicket(auth: Authenticator): RequestHandler {
  const requireScope = auth.requireScopes(STREAM_SCOPE);
  return (req, res, next) => {
    if (typeof req.query.ticket === 'string') return next();
    auth.authenticate(req, res, (error?: unknown) => (error ? next(error) : requireScope(req, res, next)));
  };
}
