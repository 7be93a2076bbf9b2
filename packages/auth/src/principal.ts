import type { Request } from 'express';
import { UnauthorizedError } from '@pulse/errors';

/** Who is calling: the verified token's subject, tenant and scopes. */
export interface Principal {
  sub: string;
  tenantId: string;
  scopes: string[];
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    // passport types `req.user` as Express.User; this gives it the principal's shape everywhere.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends Principal {}
  }
}

/** The scope that satisfies every scope requirement. */
export const ADMIN_SCOPE = 'admin';

/** The authenticated principal of a request; UnauthorizedError when `authenticate` did not run or failed. */
export function principalOf(req: Pick<Request, 'user'>): Principal {
  const user = req.user;
  if (!user) throw new UnauthorizedError();
  return { sub: user.sub, tenantId: user.tenantId, scopes: user.scopes };
}

/** Whether `principal` holds every scope in `required` (`admin` holds them all). */
export function hasScopes(principal: Principal, required: readonly string[]): boolean {
  return principal.scopes.includes(ADMIN_SCOPE) || required.every((scope) => principal.scopes.includes(scope));
}
