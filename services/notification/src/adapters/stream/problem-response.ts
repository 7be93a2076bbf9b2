import type { ServerResponse } from 'node:http';
import { PulseError } from '@pulse/errors';

/**
 * Hands an error to express's `next` when there is one (http-kit maps it to problem+json); without
 * express (a bare http server) answers it here in the same shape.
 */
export function failRequest(res: ServerResponse, error: unknown, next?: (error?: unknown) => void): void {
  if (next) return next(error);
  const status = error instanceof PulseError ? error.status : 500;
  const code = error instanceof PulseError ? error.code : 'internal';
  const detail = error instanceof PulseError ? error.message : 'Internal error';
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { 'Content-Type': 'application/problem+json' });
  res.end(JSON.stringify({ type: `https://pulse.dev/problems/${code}`, title: code, status, detail }));
}
