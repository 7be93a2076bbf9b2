/** RFC 6749 §5.2 error codes the token endpoint answers with. */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_scope' | 'unsupported_grant_type';

export interface OAuthFailure {
  error: OAuthErrorCode;
  description: string;
}

export interface ClientCredentialsRequest {
  clientId: string;
  clientSecret: string;
  /** Requested scopes (RFC 6749 §3.3, space-delimited on the wire); undefined = all of the key's. */
  scopes: string[] | undefined;
}

/**
 * Reads a client-credentials token request (RFC 6749 §4.4): `grant_type=client_credentials`, the
 * client authenticated with HTTP Basic (§2.3.1, the recommended way) or `client_id` and
 * `client_secret` in the form/JSON body — never both (§2.3).
 */
export function parseClientCredentials(authorization: string | undefined, body: unknown): { ok: true; request: ClientCredentialsRequest } | { ok: false; failure: OAuthFailure } {
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const text = (name: string): string | undefined | null => {
    const value = fields[name];
    if (value === undefined || value === '') return undefined;
    return typeof value === 'string' ? value : null;
  };
  const grantType = text('grant_type');
  const bodyId = text('client_id');
  const bodySecret = text('client_secret');
  const scope = text('scope');
  if ([grantType, bodyId, bodySecret, scope].includes(null)) return fail('invalid_request', 'Parameters must be strings');
  if (grantType === undefined) return fail('invalid_request', 'grant_type is required');
  if (grantType !== 'client_credentials') return fail('unsupported_grant_type', 'Only grant_type=client_credentials is supported');

  const basic = parseBasic(authorization);
  if (basic === null) return fail('invalid_client', 'The Authorization header is not valid HTTP Basic');
  if (basic && (bodyId !== undefined || bodySecret !== undefined)) {
    return fail('invalid_request', 'Authenticate the client with HTTP Basic or with body parameters, not both');
  }
  const clientId = basic?.id ?? bodyId;
  const clientSecret = basic?.secret ?? bodySecret;
  if (!clientId || !clientSecret) return fail('invalid_client', 'Client authentication is required (client_id and client_secret)');

  const scopes = scope?.split(' ').filter((s) => s.length > 0);
  return { ok: true, request: { clientId, clientSecret, scopes: scopes && scopes.length > 0 ? scopes : undefined } };
}

/** undefined when there is no Basic header, null when it is malformed. */
function parseBasic(header: string | undefined): { id: string; secret: string } | undefined | null {
  if (!header) return undefined;
  const match = /^Basic\s+([A-Za-z0-9+/=._~-]+)\s*$/i.exec(header);
  if (!match) return /^Basic\b/i.test(header) ? null : undefined;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  // §2.3.1: both parts are form-urlencoded before encoding (most clients skip it; ours need none).
  return { id: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function fail(error: OAuthErrorCode, description: string): { ok: false; failure: OAuthFailure } {
  return { ok: false, failure: { error, description } };
}
