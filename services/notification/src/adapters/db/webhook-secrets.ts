import { PermanentError } from '@pulse/errors';
import { createSecretBox, singleKeyRing, type SecretBox } from '@pulse/secret-box';

/**
 * Seals webhook secrets for storage. With a key (WEBHOOK_SECRET_KEY) they are AES-256-GCM
 * encrypted by @pulse/secret-box, so a database dump alone cannot forge signatures; secrets sealed
 * before it (`v1:<iv>:<tag>:<ct>`) stay readable. Without a key (development) they are stored as
 * `plain:<secret>`. Either way the API returns a secret only once, when the subscription is created.
 */
export class SecretCipher {
  private readonly box: SecretBox | undefined;

  constructor(key: Buffer | undefined) {
    this.box = key === undefined ? undefined : createSecretBox(singleKeyRing(key), { legacyKeyId: 'k1' });
  }

  get encrypts(): boolean {
    return this.box !== undefined;
  }

  seal(secret: string): string {
    return this.box ? this.box.encrypt(secret) : `plain:${secret}`;
  }

  open(sealed: string): string {
    if (sealed.startsWith('plain:')) return sealed.slice('plain:'.length);
    if (!this.box) throw new PermanentError('A webhook secret is encrypted but WEBHOOK_SECRET_KEY is not set', { code: 'secret-key-missing' });
    return this.box.decrypt(sealed);
  }
}
