import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PermanentError, ValidationError } from '@pulse/errors';

/** Keys by id; `currentKeyId` encrypts, every key decrypts what it once encrypted. */
export interface KeyRing {
  currentKeyId: string;
  keys: Readonly<Record<string, string | Buffer>>;
}

export interface CredentialCipher {
  /** Seals plaintext as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts). */
  encrypt(plaintext: string, associatedData?: string): string;
  /** Opens a sealed value with the key it names; tampering or a wrong context is a PermanentError. */
  decrypt(sealed: string, associatedData?: string): string;
  /** Seals again under the current key (key rotation); unchanged when already current. */
  reencrypt(sealed: string, associatedData?: string): string;
  /** Whether a sealed value was made with an older key. */
  needsRotation(sealed: string): boolean;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for channel credentials at rest. The key id travels with the ciphertext so old
 * rows stay readable after a rotation; associated data (such as the channel id) binds a value
 * to its row, so a ciphertext copied to another row does not decrypt.
 */
export function createCredentialCipher(ring: KeyRing): CredentialCipher {
  const keys = new Map<string, Buffer>();
  for (const [id, raw] of Object.entries(ring.keys)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new ValidationError('Invalid credential key id', [`keyId: ${id}`]);
    const key = typeof raw === 'string' ? Buffer.from(raw, 'base64') : raw;
    if (key.length !== 32) throw new ValidationError('A credential key must be 32 bytes (base64)', [`key ${id}: ${key.length} bytes`]);
    keys.set(id, key);
  }
  const currentKey = keys.get(ring.currentKeyId);
  if (currentKey === undefined) throw new ValidationError('The current credential key is not in the key ring', [`currentKeyId: ${ring.currentKeyId}`]);

  const encrypt = (plaintext: string, associatedData?: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, ring.currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  };

  const decrypt = (sealed: string, associatedData?: string): string => {
    const parts = parseSealed(sealed);
    const key = keys.get(parts.keyId);
    if (key === undefined) throw new PermanentError(`Credentials were sealed with unknown key ${parts.keyId}`, { code: 'credentials-unknown-key' });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new PermanentError('Credentials failed authentication (tampered or wrong key)', { code: 'credentials-tampered', cause });
    }
  };

  return {
    encrypt,
    decrypt,
    reencrypt: (sealed, associatedData) =>
      parseSealed(sealed).keyId === ring.currentKeyId ? sealed : encrypt(decrypt(sealed, associatedData), associatedData),
    needsRotation: (sealed) => parseSealed(sealed).keyId !== ring.currentKeyId,
  };
}

/**
 * Reads a key ring from config text: "id1:base64key,id2:base64key", the first one current.
 */
export function parseKeyRing(spec: string): KeyRing {
  const entries = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map((entry) => {
    const colon = entry.indexOf(':');
    if (colon <= 0) throw new ValidationError('Invalid credential key ring entry, expected id:base64key', [entry.slice(0, 8)]);
    return [entry.slice(0, colon), entry.slice(colon + 1)] as const;
  });
  const first = entries[0];
  if (first === undefined) throw new ValidationError('The credential key ring is empty', ['keys']);
  return { currentKeyId: first[0], keys: Object.fromEntries(entries) };
}

function parseSealed(sealed: string): { keyId: string; iv: Buffer; tag: Buffer; ciphertext: Buffer } {
  const parts = sealed.split(':');
  const [version, keyId, iv, tag, ciphertext] = parts;
  if (parts.length !== 5 || version !== VERSION || keyId === undefined || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new PermanentError('Sealed credentials have an unknown format', { code: 'credentials-tampered' });
  }
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
    throw new PermanentError('Sealed credentials have an unknown format', { code: 'credentials-tampered' });
  }
  return { keyId, iv: ivBytes, tag: tagBytes, ciphertext: Buffer.from(ciphertext, 'base64') };
}
