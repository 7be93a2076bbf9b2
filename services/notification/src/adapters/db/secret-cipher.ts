import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PermanentError } from '@pulse/errors';

/**
 * Seals webhook secrets for storage. With a key (WEBHOOK_SECRET_KEY) they are AES-256-GCM encrypted
 * (`v1:<iv>:<tag>:<ciphertext>`, base64url), so a database dump alone cannot forge signatures;
 * without one (development) they are stored as `plain:<secret>`. Either way the API returns a
 * secret only once, when the subscription is created.
 */
export class SecretCipher {
  constructor(private readonly key: Buffer | undefined) {}

  get encrypts(): boolean {
    return this.key !== undefined;
  }

  seal(secret: string): string {
    if (!this.key) return `plain:${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
  }

  open(sealed: string): string {
    if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new PermanentError('A stored webhook secret is unreadable', { code: 'secret-unreadable' });
    if (!this.key) throw new PermanentError('A webhook secret is encrypted but WEBHOOK_SECRET_KEY is not set', { code: 'secret-key-missing' });
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new PermanentError('A webhook secret does not decrypt with WEBHOOK_SECRET_KEY (was the key rotated?)', { code: 'secret-unreadable', cause: error });
    }
  }
}
