import { randomBytes } from 'node:crypto';
import { createCredentialsCipher } from '../src/adapters/db/credentials-cipher';

describe('credentials cipher', () => {
  const key = randomBytes(32).toString('base64');

  it('seals a password so it is not readable, and opens it again', () => {
    const cipher = createCredentialsCipher(key);
    const sealed = cipher.seal('s3cret-password');
    expect(sealed).not.toContain('s3cret');
    expect(sealed).not.toBe(cipher.seal('s3cret-password'));
    expect(cipher.open(sealed)).toBe('s3cret-password');
  });

  it('refuses a tampered value and a value sealed with another key', () => {
    const sealed = createCredentialsCipher(key).seal('pw');
    const parts = sealed.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 0xff;
    const tampered = [...parts.slice(0, 3), data.toString('base64url')].join('.');
    expect(() => createCredentialsCipher(key).open(tampered)).toThrow(/cannot be decrypted/);
    expect(() => createCredentialsCipher(randomBytes(32).toString('hex')).open(sealed)).toThrow(/cannot be decrypted/);
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => createCredentialsCipher('c2hvcnQ=')).toThrow(/SOURCE_CREDENTIALS_KEY/);
  });
});
