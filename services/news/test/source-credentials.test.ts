import { createCipheriv, randomBytes } from 'node:crypto';
import { PermanentError } from '@pulse/errors';
import { createCredentialsCipher } from '../src/adapters/db/source-credentials';

/** A password as news sealed it before the shared secret box: v1.<iv>.<tag>.<ciphertext>, base64url. */
function sealedTheOldWay(rawKey: Buffer, password: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', rawKey, iv);
  const data = Buffer.concat([cipher.update(password, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
}

describe('source credentials cipher', () => {
  const raw = randomBytes(32);
  const key = raw.toString('base64');

  it('seals a password so it is not readable, and opens it again', () => {
    const cipher = createCredentialsCipher(key);
    const sealed = cipher.encrypt('s3cret-password');
    expect(sealed).not.toContain('s3cret');
    expect(sealed).not.toBe(cipher.encrypt('s3cret-password'));
    expect(cipher.decrypt(sealed)).toBe('s3cret-password');
  });

  it('takes SOURCE_CREDENTIALS_KEY as base64 or 64 hex digits', () => {
    const sealed = createCredentialsCipher(key).encrypt('pw');
    expect(createCredentialsCipher(raw.toString('hex')).decrypt(sealed)).toBe('pw');
  });

  it('still opens passwords sealed before the shared secret box, and refuses them with another key', () => {
    const old = sealedTheOldWay(raw, 'older-password');
    expect(createCredentialsCipher(key).decrypt(old)).toBe('older-password');
    expect(() => createCredentialsCipher(randomBytes(32).toString('hex')).decrypt(old)).toThrow(PermanentError);
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const sealed = createCredentialsCipher(key).encrypt('pw');
    const parts = sealed.split(':');
    const data = Buffer.from(parts[4]!, 'base64');
    data[0] = data[0]! ^ 0xff;
    const tampered = [...parts.slice(0, 4), data.toString('base64')].join(':');
    expect(() => createCredentialsCipher(key).decrypt(tampered)).toThrow(/tampered or wrong key/);
    expect(() => createCredentialsCipher(randomBytes(32).toString('hex')).decrypt(sealed)).toThrow(/tampered or wrong key/);
  });

  it('refuses a key that is not 32 bytes, naming SOURCE_CREDENTIALS_KEY', () => {
    expect(() => createCredentialsCipher('c2hvcnQ=')).toThrow(/SOURCE_CREDENTIALS_KEY/);
  });
});
