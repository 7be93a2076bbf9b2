import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** Every secret starts with this, so secret scanners (and people) recognise a leaked Pulse key. */
export const API_KEY_PREFIX = 'pulse_sk_';
/** Characters of the secret kept in clear (`pulse_sk_` + 7 random ones) to tell keys apart in listings. */
export const SHOWN_PREFIX_LENGTH = 16;

// OWASP's scrypt baseline (N=2^15 would be stronger, but a 256-bit random secret cannot be
// brute-forced anyway; the cost is there for defence in depth and stays ~50 ms per check).
const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;

/** A new secret: 256 random bits, base64url, after the recognisable prefix. */
export function generateApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** The part of a secret shown in listings. */
export function shownPrefixOf(secret: string): string {
  return secret.slice(0, SHOWN_PREFIX_LENGTH);
}

/** `scrypt$N$r$p$salt$hash` with a fresh salt; the parameters travel with the hash so they can be raised later. */
export async function hashApiKeySecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `secret` matches `stored`, compared in constant time; false for any malformed hash. */
export async function verifyApiKeySecret(secret: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length !== KEY_LENGTH) return false;
  const actual = await derive(secret, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  return timingSafeEqual(actual, expected);
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one real check. Called when the key id is unknown, so a response's timing
 * does not tell an attacker whether a key id exists.
 */
export async function burnVerification(secret: string): Promise<false> {
  dummyHash ??= hashApiKeySecret(generateApiKeySecret());
  await verifyApiKeySecret(secret, await dummyHash);
  return false;
}

function derive(secret: string, salt: Buffer, { N, r, p }: { N: number; r: number; p: number }): Promise<Buffer> {
  // 128·N·r bytes of memory; allow twice that so raised parameters keep working.
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}
