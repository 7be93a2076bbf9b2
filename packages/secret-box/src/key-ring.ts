import { ValidationError } from '@pulse/errors';

/** Keys by id; `currentKeyId` encrypts, every key decrypts what it once encrypted. */
export interface KeyRing {
  currentKeyId: string;
  /** 32-byte keys: Buffers, base64 or 64 hex digits. */
  keys: Readonly<Record<string, string | Buffer>>;
}

/** A 32-byte AES-256 key from a Buffer, base64 or 64 hex digits; ValidationError otherwise. */
export function parseKey(raw: string | Buffer, name = 'key'): Buffer {
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  const key = text === undefined ? (raw as Buffer) : Buffer.from(text, /^[0-9a-f]{64}$/i.test(text) ? 'hex' : 'base64');
  if (key.length !== 32) throw new ValidationError('A secret key must be 32 bytes (base64 or 64 hex digits)', [`${name}: ${key.length} bytes`]);
  return key;
}

/**
 * Reads a key ring from config text: "id1:key,id2:key" (base64 or hex keys), the first one
 * current, e.g. "k2:<new>,k1:<old>" while values sealed with k1 are re-encrypted.
 */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new ValidationError('Invalid key ring entry, expected id:base64key', [entry.slice(0, 8)]);
    return [entry.slice(0, colon), entry.slice(colon + 1)] as const;
  });
  const first = entries[0];
  if (first === undefined) throw new ValidationError('The key ring is empty', ['keys']);
  return { currentKeyId: first[0], keys: Object.fromEntries(entries) };
}

/** A ring of one key (services configured with a single key), under `keyId`. */
export function singleKeyRing(key: string | Buffer, keyId = 'k1'): KeyRing {
  return { currentKeyId: keyId, keys: { [keyId]: key } };
}
