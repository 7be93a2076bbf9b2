import { randomBytes } from 'node:crypto';
import { PermanentError } from '@pulse/errors';
import { SecretCipher } from '../src/adapters/db/secret-cipher';

describe('webhook secret sealing', () => {
  const key = randomBytes(32);

  it('encrypts with a key so the stored value does not contain the secret, and opens it again', () => {
    const cipher = new SecretCipher(key);
    const sealed = cipher.seal('whsec_top-secret-value');
    expect(sealed.startsWith('v1:')).toBe(true);
    expect(sealed).not.toContain('top-secret');
    expect(cipher.open(sealed)).toBe('whsec_top-secret-value');
    expect(cipher.seal('whsec_top-secret-value')).not.toBe(sealed); // fresh IV each time
  });

  it('refuses a sealed secret tampered with or opened with another key', () => {
    const sealed = new SecretCipher(key).seal('whsec_value');
    expect(() => new SecretCipher(randomBytes(32)).open(sealed)).toThrow(PermanentError);
    const parts = sealed.split(':');
    const flipped = Buffer.from(parts[3]!, 'base64url');
    flipped[0] = flipped[0]! ^ 1;
    parts[3] = flipped.toString('base64url');
    expect(() => new SecretCipher(key).open(parts.join(':'))).toThrow(PermanentError);
  });

  it('stores secrets as plain text without a key (development) and still reads them once a key is set', () => {
    const sealed = new SecretCipher(undefined).seal('whsec_dev');
    expect(sealed).toBe('plain:whsec_dev');
    expect(new SecretCipher(key).open(sealed)).toBe('whsec_dev');
  });
});
