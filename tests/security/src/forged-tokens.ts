import { createHmac, createPrivateKey, randomUUID, sign as signWith } from 'node:crypto';

/** Claims of a forged token; the header is chosen by the forging function. */
export interface ForgedClaims {
  sub?: string;
  tenantId?: string;
  scopes?: string[];
  iss?: string;
  aud?: string;
  iat?: number;
  nbf?: number;
  exp?: number;
  jti?: string;
}

const b64url = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);

/** What a valid token of the system carries, one hour from now. */
export function claimsFor(tenantId: string, scopes: string[], overrides: ForgedClaims = {}): ForgedClaims {
  return { sub: `attacker-of-${tenantId}`, tenantId, scopes, iss: 'pulse', aud: 'pulse-api', iat: now(), exp: now() + 3600, jti: randomUUID(), ...overrides };
}

/**
 * Tokens are built by hand (node:crypto) rather than with jsonwebtoken: the library refuses to
 * produce the malformed ones an attacker sends (alg none, HS256 keyed with a public key).
 */
export function unsignedToken(claims: ForgedClaims): string {
  return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
}

/** HS256 with the verifier's public key PEM as the HMAC secret: the key-confusion attack. */
export function hs256Token(claims: ForgedClaims, secret: string): string {
  const input = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** ES256 with any P-256 private key (the system's, for claim attacks; another, for a foreign signer). */
export function es256Token(claims: ForgedClaims, privateKeyPem: string): string {
  const input = `${b64url({ alg: 'ES256', typ: 'JWT' })}.${b64url(claims)}`;
  const signature = signWith('sha256', Buffer.from(input), { key: createPrivateKey(privateKeyPem), dsaEncoding: 'ieee-p1363' });
  return `${input}.${signature.toString('base64url')}`;
}

/** Seconds since the epoch, shifted. */
export const epochIn = (seconds: number) => now() + seconds;
