import { createCipheriv, randomBytes } from 'node:crypto';
import { PermanentError } from '@pulse/errors';
import { SecretCipher } from '../src/adapters/db/webhook-secrets';

/** A secret as notification sealed it before the shared secret box: v1:<iv>:<tag>:<ciphertext>, base64url. */
function sealedTheOldWay(key: Buffer, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join(':');
}

describe('webhook secret sealing', () => {
  const key = randomBytes(32);

  it('encrypts with a key so the stored value does not contain the secret, and opens it again', () => {
    const cipher = new SecretCipher(key);
    expect(cipher.encrypts).toBe(true);
    const sealed = cipher.seal('whsec_top-secret-value');
    expect(sealed.startsWith('v1:k1:')).toBe(true);
    expect(sealed).not.toContain('top-secret');
    expect(cipher.open(sealed)).toBe('whsec_top-secret-value');
    expect(cipher.seal('whsec_top-secret-value')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses a sealed secret tampered with or opened with another key', () => {
    const sealed = new SecretCipher(key).seal('whsec_value');
    expect(() => new SecretCipher(randomBytes(32)).open(sealed)).toThrow(PermanentError);
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[4]!, 'base64');
    flipped[0] = flipped[0]! ^ 1;
    parts[4] = flipped.toString('base64');
    expect(() => new SecretCipher(key).open(parts.join(':'))).toThrow(PermanentError);
  });

  it('still opens secrets sealed before the shared secret box', () => {
    const old = sealedTheOldWay(key, 'whsec_from_before');
    expect(new SecretCipher(key).open(old)).toBe('whsec_from_before');
    expect(() => new SecretCipher(randomBytes(32)).open(old)).toThrow(PermanentError);
  });

  it('stores secrets as plain text without a key (development) and still reads them once a key is set', () => {
    const cipher = new SecretCipher(undefined);
    expect(cipher.encrypts).toBe(false);
    const sealed = cipher.seal('whsec_dev');
    expect(sealed).toBe('plain:whsec_dev');
    expect(new SecretCipher(key).open(sealed)).toBe('whsec_dev');
  });

  it('refuses an encrypted secret when no key is set', () => {
    const sealed = new SecretCipher(key).seal('whsec_value');
    expect(() => new SecretCipher(undefined).open(sealed)).toThrow(expect.objectContaining({ code: 'secret-key-missing' }));
  });
});
