/**
 * Seals sources' basic-auth passwords at rest with AES-256-GCM (random 96-bit IV, auth tag), so a
 * database dump alone does not hand out the feeds' credentials. Format: v1.<iv>.<tag>.<ciphertext>
 * (base64url parts).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PermanentError, ValidationError } from '@pulse/errors';

export interface CredentialsCipher {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** Parses a 32-byte key given as 64 hex digits or base64; ValidationError otherwise. */
export function parseCredentialsKey(raw: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new ValidationError('Invalid SOURCE_CREDENTIALS_KEY', ['must be 32 bytes as 64 hex digits or base64']);
  return key;
}

export function createCredentialsCipher(rawKey: string): CredentialsCipher {
  const key = parseCredentialsKey(rawKey);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    open(sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || data === undefined) {
        throw new PermanentError('A stored source credential has an unknown format', { code: 'credentials-unreadable' });
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
      } catch (error) {
        throw new PermanentError('A stored source credential cannot be decrypted (wrong SOURCE_CREDENTIALS_KEY?)', { code: 'credentials-unreadable', cause: error });
      }
    },
  };
}
