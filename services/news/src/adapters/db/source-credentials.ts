import { ValidationError } from '@pulse/errors';
import { createSecretBox, parseKey, singleKeyRing, type SecretBox } from '@pulse/secret-box';

/** Seals and opens sources' basic-auth passwords (AES-256-GCM, see @pulse/secret-box). */
export type CredentialsCipher = SecretBox;

/**
 * The box for sources' basic-auth passwords from SOURCE_CREDENTIALS_KEY (32 bytes, 64 hex digits
 * or base64). Passwords sealed before the shared box (`v1.<iv>.<tag>.<ct>`) stay readable.
 */
export function createCredentialsCipher(rawKey: string): CredentialsCipher {
  let key: Buffer;
  try {
    key = parseKey(rawKey);
  } catch (error) {
    throw new ValidationError('Invalid SOURCE_CREDENTIALS_KEY', ['must be 32 bytes as 64 hex digits or base64'], { cause: error });
  }
  return createSecretBox(singleKeyRing(key), { legacyKeyId: 'k1' });
}
