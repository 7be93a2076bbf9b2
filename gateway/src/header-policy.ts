/** Applies a route's header middlewares the way Traefik's `headers` middleware does. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { HeaderPolicy } from './route-table';

/** Sets or removes (empty value) the configured response headers on an upstream response. */
export function applyResponseHeaders(headers: IncomingHttpHeaders, policy: HeaderPolicy, origin: string | undefined): void {
  for (const [name, value] of Object.entries(policy.responseHeaders)) {
    if (value === '') delete headers[name.toLowerCase()];
    else headers[name.toLowerCase()] = value;
  }
  const cors = policy.cors;
  if (!cors || !origin) return;
  const allowed = allowedOrigin(cors.allowOrigins, origin);
  if (!allowed) return;
  headers['access-control-allow-origin'] = allowed;
  if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  if (cors.exposeHeaders.length) headers['access-control-expose-headers'] = cors.exposeHeaders.join(',');
  if (cors.addVaryHeader && allowed !== '*') headers.vary = headers.vary ? `${String(headers.vary)},Origin` : 'Origin';
}

function allowedOrigin(list: string[], origin: string): string | undefined {
  if (list.includes('*')) return '*';
  return list.includes(origin) ? origin : undefined;
}

/** A CORS preflight is answered by the gateway itself, as Traefik does; true when handled. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, policy: HeaderPolicy): boolean {
  const cors = policy.cors;
  const origin = req.headers.origin;
  if (!cors || req.method !== 'OPTIONS' || !origin || !req.headers['access-control-request-method']) return false;
  const headers: IncomingHttpHeaders = {};
  applyResponseHeaders(headers, { responseHeaders: policy.responseHeaders }, undefined);
  const allowed = allowedOrigin(cors.allowOrigins, origin);
  if (allowed) {
    headers['access-control-allow-origin'] = allowed;
    headers['access-control-allow-methods'] = cors.allowMethods.join(',');
    headers['access-control-allow-headers'] = cors.allowHeaders.join(',');
    if (cors.maxAge !== undefined) headers['access-control-max-age'] = String(cors.maxAge);
    if (cors.allowCredentials) headers['access-control-allow-credentials'] = 'true';
  }
  res.writeHead(200, headers as Record<string, string>);
  res.end();
  return true;
}
