import type { IncomingMessage } from 'node:http';
import { UnauthorizedError } from '@pulse/errors';
import type { Principal } from './principal';
import type { TicketStore } from './ticket-store';

/** The bearer token of an Authorization header, if any. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * The principal of a stream request: a `?ticket=` when present (browsers), otherwise `fallback`
 * (the JWT path). UnauthorizedError when neither yields one.
 */
export async function principalFromTicketOr(
  url: URL,
  tickets: TicketStore | undefined,
  fallback: () => Principal | undefined | Promise<Principal | undefined>,
): Promise<Principal> {
  const ticket = url.searchParams.get('ticket');
  if (ticket !== null) {
    const principal = tickets ? await tickets.redeem(ticket) : undefined;
    if (!principal) throw new UnauthorizedError('The stream ticket is unknown, expired or already used');
    return principal;
  }
  const principal = await fallback();
  if (!principal) throw new UnauthorizedError();
  return principal;
}

/** The request URL with its query (express may have stripped a mount path; the query survives). */
export function requestUrl(req: IncomingMessage): URL {
  return new URL(req.url ?? '/', 'http://localhost');
}
