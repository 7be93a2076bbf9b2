import { createHash, createPublicKey, generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { PermanentError, RetriableError } from '@pulse/errors';
import { TOKEN_ALGORITHM } from './claims';

export interface KeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** A fresh ES256 (P-256) key pair as PKCS#8 / SPKI PEMs: for tests and the local dev run. */
export function generateKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

export interface Jwk extends JsonWebKey {
  kid: string;
  alg: typeof TOKEN_ALGORITHM;
  use: 'sig';
}

export interface Jwks {
  keys: Jwk[];
}

/** The JWKS document (`/.well-known/jwks.json`) publishing a public key; kid defaults to its RFC 7638 thumbprint. */
export function jwksFromPublicKey(publicKeyPem: string, keyId?: string): Jwks {
  const jwk = createPublicKey(publicKeyPem).export({ format: 'jwk' });
  if (jwk.kty !== 'EC' || jwk.crv !== 'P-256') throw new PermanentError(`Expected a P-256 public key for ${TOKEN_ALGORITHM}, got ${jwk.kty}/${jwk.crv}`);
  return { keys: [{ kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y, kid: keyId ?? thumbprint(jwk), alg: TOKEN_ALGORITHM, use: 'sig' }] };
}

/** The PEM of the JWKS key with `kid` (or the only ES256 signing key when kid is omitted). */
export function publicKeyFromJwks(jwks: unknown, kid?: string): string {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys)) throw new PermanentError('The JWKS document has no "keys" array');
  const candidates = (keys as Partial<Jwk>[]).filter(
    (key) => key.kty === 'EC' && key.crv === 'P-256' && (key.alg === undefined || key.alg === TOKEN_ALGORITHM) && (key.use === undefined || key.use === 'sig'),
  );
  const chosen = kid === undefined ? candidates : candidates.filter((key) => key.kid === kid);
  if (chosen.length !== 1) {
    throw new PermanentError(`The JWKS document has ${chosen.length} usable ${TOKEN_ALGORITHM} keys${kid ? ` with kid ${kid}` : ''}; expected exactly one`);
  }
  const { kty, crv, x, y } = chosen[0]!;
  return createPublicKey({ key: { kty, crv, x, y } as JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();
}

/** Downloads a JWKS (JWT_JWKS_URL) once and returns its signing key as PEM. */
export async function fetchPublicKeyFromJwks(url: string, { kid, timeoutMs = 5_000 }: { kid?: string; timeoutMs?: number } = {}): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: 'application/json' } });
  } catch (error) {
    throw new RetriableError(`Cannot fetch the JWKS from ${url}`, { cause: error });
  }
  if (!response.ok) {
    const message = `The JWKS endpoint ${url} answered ${response.status}`;
    throw response.status >= 500 || response.status === 429 ? new RetriableError(message) : new PermanentError(message);
  }
  const body: unknown = await response.json().catch((error: unknown) => {
    throw new PermanentError(`The JWKS from ${url} is not JSON`, { cause: error });
  });
  return publicKeyFromJwks(body, kid);
}

function thumbprint(jwk: JsonWebKey): string {
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const canonical = JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y });
  return createHash('sha256').update(canonical).digest('base64url');
}
