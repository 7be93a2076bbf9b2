/**
 * AES-256-GCM for secrets at rest (platform credentials, feed passwords, webhook secrets), so a
 * database dump alone does not hand them out. The key id travels with the ciphertext so old rows
 * stay readable after a rotation; associated data (such as the row id) binds a value to its row,
 * so a ciphertext copied to another row does not decrypt.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PermanentError, ValidationError } from '@pulse/errors';
import { parseKey, type KeyRing } from './key-ring';

export interface SecretBox {
  /** Seals plaintext as `v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64 parts) under the current key. */
  encrypt(plaintext: string, associatedData?: string): string;
  /** Opens a sealed value with the key it names; tampering, a wrong key or a wrong context is a PermanentError. */
  decrypt(sealed: string, associatedData?: string): string;
  /** Seals again under the current key (key rotation); unchanged when already current. */
  reencrypt(sealed: string, associatedData?: string): string;
  /** Whether a sealed value was made with an older key (or in the legacy format). */
  needsRotation(sealed: string): boolean;
}

export interface SecretBoxOptions {
  /**
   * The ring key that opens values sealed before key ids were stored: `v1.<iv>.<tag>.<ciphertext>`
   * or `v1:<iv>:<tag>:<ciphertext>` (base64url parts, no associated data), as Pulse's services
   * wrote them with a single key. Unset: such values are refused as an unknown format.
   */
  legacyKeyId?: string;
}

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Sealed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
  legacy: boolean;
}

/** A box over a key ring: `currentKeyId` encrypts, every key decrypts what it once encrypted. */
export function createSecretBox(ring: KeyRing, options: SecretBoxOptions = {}): SecretBox {
  const keys = new Map<string, Buffer>();
  for (const [id, raw] of Object.entries(ring.keys)) {
    if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new ValidationError('Invalid secret key id', [`keyId: ${id}`]);
    keys.set(id, parseKey(raw, `key ${id}`));
  }
  const currentKey = keys.get(ring.currentKeyId);
  if (currentKey === undefined) throw new ValidationError('The current key is not in the key ring', [`currentKeyId: ${ring.currentKeyId}`]);
  if (options.legacyKeyId !== undefined && !keys.has(options.legacyKeyId)) {
    throw new ValidationError('The legacy key is not in the key ring', [`legacyKeyId: ${options.legacyKeyId}`]);
  }

  const encrypt = (plaintext: string, associatedData?: string): string => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, ring.currentKeyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  };

  const decrypt = (sealed: string, associatedData?: string): string => {
    const parts = parseSealed(sealed, options.legacyKeyId);
    const key = keys.get(parts.keyId);
    if (key === undefined) throw new PermanentError(`A secret was sealed with unknown key ${parts.keyId}`, { code: 'secret-unknown-key', details: { keyId: parts.keyId } });
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, parts.iv, { authTagLength: TAG_BYTES });
      if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
      decipher.setAuthTag(parts.tag);
      return Buffer.concat([decipher.update(parts.ciphertext), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new PermanentError('A sealed secret failed authentication (tampered or wrong key)', { code: 'secret-tampered', cause });
    }
  };

  return {
    encrypt,
    decrypt,
    reencrypt: (sealed, associatedData) => {
      const parts = parseSealed(sealed, options.legacyKeyId);
      return !parts.legacy && parts.keyId === ring.currentKeyId ? sealed : encrypt(decrypt(sealed, associatedData), associatedData);
    },
    needsRotation: (sealed) => {
      const parts = parseSealed(sealed, options.legacyKeyId);
      return parts.legacy || parts.keyId !== ring.currentKeyId;
    },
  };
}

function unknownFormat(): PermanentError {
  return new PermanentError('A sealed secret has an unknown format', { code: 'secret-tampered' });
}

function parseSealed(sealed: string, legacyKeyId: string | undefined): Sealed {
  const colonParts = sealed.split(':');
  const dotParts = sealed.split('.');
  let result: Sealed;
  if (colonParts.length === 5 && colonParts[0] === VERSION) {
    const [, keyId, iv, tag, ciphertext] = colonParts as [string, string, string, string, string];
    result = { keyId, iv: Buffer.from(iv, 'base64'), tag: Buffer.from(tag, 'base64'), ciphertext: Buffer.from(ciphertext, 'base64'), legacy: false };
  } else if (legacyKeyId !== undefined && (colonParts.length === 4 || dotParts.length === 4)) {
    const [version, iv, tag, ciphertext] = (colonParts.length === 4 ? colonParts : dotParts) as [string, string, string, string];
    if (version !== VERSION) throw unknownFormat();
    result = { keyId: legacyKeyId, iv: Buffer.from(iv, 'base64url'), tag: Buffer.from(tag, 'base64url'), ciphertext: Buffer.from(ciphertext, 'base64url'), legacy: true };
  } else {
    throw unknownFormat();
  }
  if (result.iv.length !== IV_BYTES || result.tag.length !== TAG_BYTES) throw unknownFormat();
  return result;
}
