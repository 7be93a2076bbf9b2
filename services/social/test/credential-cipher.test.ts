import { randomBytes } from 'node:crypto';
import { PermanentError, ValidationError } from '@pulse/errors';
import { createCredentialCipher, parseKeyRing } from '../src/domain/credential-cipher';

const key = (): string => randomBytes(32).toString('base64');
const secret = JSON.stringify({ accessToken: 'super-secret-token', instanceUrl: 'https://mastodon.example' });

describe('credential cipher', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips credentials and leaves no secret in the sealed text', () => {
    const cipher = createCredentialCipher({ currentKeyId: 'k1', keys: { k1 } });
    const sealed = cipher.encrypt(secret, 'channel-1');
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('super-secret-token');
    expect(Buffer.from(sealed.split(':')[4] ?? '', 'base64').toString('utf8')).not.toContain('super-secret');
    expect(cipher.decrypt(sealed, 'channel-1')).toBe(secret);
    expect(cipher.encrypt(secret, 'channel-1')).not.toBe(sealed);
  });

  it('still opens values sealed with an old key after rotation, and re-encrypts them under the new one', () => {
    const before = createCredentialCipher({ currentKeyId: 'k1', keys: { k1 } });
    const old = before.encrypt(secret, 'channel-1');
    const after = createCredentialCipher({ currentKeyId: 'k2', keys: { k2, k1 } });
    expect(after.decrypt(old, 'channel-1')).toBe(secret);
    expect(after.needsRotation(old)).toBe(true);
    const rotated = after.reencrypt(old, 'channel-1');
    expect(rotated.startsWith('v1:k2:')).toBe(true);
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.reencrypt(rotated, 'channel-1')).toBe(rotated);
    expect(createCredentialCipher({ currentKeyId: 'k2', keys: { k2 } }).decrypt(rotated, 'channel-1')).toBe(secret);
  });

  it.each([
    ['a flipped ciphertext byte', (parts: string[]) => { const c = Buffer.from(parts[4] ?? '', 'base64'); c[0] = (c[0] ?? 0) ^ 1; parts[4] = c.toString('base64'); }],
    ['a changed tag', (parts: string[]) => { parts[3] = randomBytes(16).toString('base64'); }],
    ['a changed iv', (parts: string[]) => { parts[2] = randomBytes(12).toString('base64'); }],
    ['a wrong key id', (parts: string[]) => { parts[1] = 'k9'; }],
    ['a truncated value', (parts: string[]) => { parts.length = 3; }],
  ])('refuses %s with a PermanentError', (_, tamper) => {
    const cipher = createCredentialCipher({ currentKeyId: 'k1', keys: { k1 } });
    const parts = cipher.encrypt(secret, 'channel-1').split(':');
    tamper(parts);
    expect(() => cipher.decrypt(parts.join(':'), 'channel-1')).toThrow(PermanentError);
  });

  it('refuses a value copied to another channel (associated data)', () => {
    const cipher = createCredentialCipher({ currentKeyId: 'k1', keys: { k1 } });
    const sealed = cipher.encrypt(secret, 'channel-1');
    expect(() => cipher.decrypt(sealed, 'channel-2')).toThrow(/tampered or wrong key/);
  });

  it('reads a key ring from config, first key current, and rejects bad keys', () => {
    const ring = parseKeyRing(`k2:${k2}, k1:${k1}`);
    expect(ring.currentKeyId).toBe('k2');
    expect(Object.keys(ring.keys)).toEqual(['k2', 'k1']);
    expect(() => parseKeyRing('')).toThrow(ValidationError);
    expect(() => createCredentialCipher({ currentKeyId: 'k1', keys: { k1: 'c2hvcnQ=' } })).toThrow(/32 bytes/);
    expect(() => createCredentialCipher({ currentKeyId: 'k3', keys: { k1 } })).toThrow(/not in the key ring/);
  });
});
