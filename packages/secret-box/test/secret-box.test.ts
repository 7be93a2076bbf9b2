import { createCipheriv, randomBytes } from 'node:crypto';
import { PermanentError, ValidationError } from '@pulse/errors';
import { createSecretBox, parseKey, parseKeyRing, singleKeyRing } from '../src';

const key = (): string => randomBytes(32).toString('base64');
const secret = JSON.stringify({ accessToken: 'super-secret-token', instanceUrl: 'https://mastodon.example' });

/** A value as the services sealed them before key ids: v1<sep><iv><sep><tag><sep><ciphertext>, base64url. */
function legacySeal(rawKey: Buffer, plaintext: string, separator: '.' | ':'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', rawKey, iv);
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(separator);
}

describe('secret box', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips a secret and leaves nothing of it in the sealed text', () => {
    const box = createSecretBox({ currentKeyId: 'k1', keys: { k1 } });
    const sealed = box.encrypt(secret, 'channel-1');
    expect(sealed).toMatch(/^v1:k1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('super-secret-token');
    expect(Buffer.from(sealed.split(':')[4] ?? '', 'base64').toString('utf8')).not.toContain('super-secret');
    expect(box.decrypt(sealed, 'channel-1')).toBe(secret);
    expect(box.encrypt(secret, 'channel-1')).not.toBe(sealed);
  });

  it('round-trips without associated data, and refuses it with associated data it was not sealed with', () => {
    const box = createSecretBox(singleKeyRing(randomBytes(32)));
    const sealed = box.encrypt('s3cret-password');
    expect(sealed.startsWith('v1:k1:')).toBe(true);
    expect(box.decrypt(sealed)).toBe('s3cret-password');
    expect(() => box.decrypt(sealed, 'row-1')).toThrow(PermanentError);
  });

  it('still opens values sealed with an old key after rotation, and re-encrypts them under the new one', () => {
    const before = createSecretBox({ currentKeyId: 'k1', keys: { k1 } });
    const old = before.encrypt(secret, 'channel-1');
    const after = createSecretBox({ currentKeyId: 'k2', keys: { k2, k1 } });
    expect(after.decrypt(old, 'channel-1')).toBe(secret);
    expect(after.needsRotation(old)).toBe(true);
    const rotated = after.reencrypt(old, 'channel-1');
    expect(rotated.startsWith('v1:k2:')).toBe(true);
    expect(after.needsRotation(rotated)).toBe(false);
    expect(after.reencrypt(rotated, 'channel-1')).toBe(rotated);
    expect(createSecretBox({ currentKeyId: 'k2', keys: { k2 } }).decrypt(rotated, 'channel-1')).toBe(secret);
  });

  it.each([
    ['a flipped ciphertext byte', (parts: string[]) => { const c = Buffer.from(parts[4] ?? '', 'base64'); c[0] = (c[0] ?? 0) ^ 1; parts[4] = c.toString('base64'); }],
    ['a changed tag', (parts: string[]) => { parts[3] = randomBytes(16).toString('base64'); }],
    ['a changed iv', (parts: string[]) => { parts[2] = randomBytes(12).toString('base64'); }],
    ['a wrong key id', (parts: string[]) => { parts[1] = 'k9'; }],
    ['a truncated value', (parts: string[]) => { parts.length = 3; }],
  ])('refuses %s with a PermanentError', (_, tamper) => {
    const box = createSecretBox({ currentKeyId: 'k1', keys: { k1 } });
    const parts = box.encrypt(secret, 'channel-1').split(':');
    tamper(parts);
    expect(() => box.decrypt(parts.join(':'), 'channel-1')).toThrow(PermanentError);
  });

  it('names the failure: tampered or wrong key, unknown key id', () => {
    const sealed = createSecretBox({ currentKeyId: 'k1', keys: { k1 } }).encrypt('pw');
    expect(() => createSecretBox({ currentKeyId: 'k1', keys: { k1: k2 } }).decrypt(sealed)).toThrow(
      expect.objectContaining({ code: 'secret-tampered', message: expect.stringMatching(/tampered or wrong key/) }),
    );
    expect(() => createSecretBox({ currentKeyId: 'k2', keys: { k2 } }).decrypt(sealed)).toThrow(expect.objectContaining({ code: 'secret-unknown-key' }));
  });

  it('refuses a value copied to another row (associated data)', () => {
    const box = createSecretBox({ currentKeyId: 'k1', keys: { k1 } });
    const sealed = box.encrypt(secret, 'channel-1');
    expect(() => box.decrypt(sealed, 'channel-2')).toThrow(/tampered or wrong key/);
  });

  it.each(['.', ':'] as const)('opens values in the legacy "v1%siv..." format with the legacy key, and rotates them', (separator) => {
    const raw = randomBytes(32);
    const legacy = legacySeal(raw, 's3cret-password', separator);
    const box = createSecretBox(singleKeyRing(raw), { legacyKeyId: 'k1' });
    expect(box.decrypt(legacy)).toBe('s3cret-password');
    expect(box.needsRotation(legacy)).toBe(true);
    const rotated = box.reencrypt(legacy);
    expect(rotated.startsWith('v1:k1:')).toBe(true);
    expect(box.decrypt(rotated)).toBe('s3cret-password');
    expect(box.needsRotation(rotated)).toBe(false);
  });

  it('refuses legacy values when no legacy key is named, or when tampered or sealed with another key', () => {
    const raw = randomBytes(32);
    const legacy = legacySeal(raw, 'pw', '.');
    expect(() => createSecretBox(singleKeyRing(raw)).decrypt(legacy)).toThrow(/unknown format/);
    const parts = legacy.split('.');
    const data = Buffer.from(parts[3]!, 'base64url');
    data[0] = data[0]! ^ 0xff;
    const tampered = [...parts.slice(0, 3), data.toString('base64url')].join('.');
    expect(() => createSecretBox(singleKeyRing(raw), { legacyKeyId: 'k1' }).decrypt(tampered)).toThrow(PermanentError);
    expect(() => createSecretBox(singleKeyRing(randomBytes(32)), { legacyKeyId: 'k1' }).decrypt(legacy)).toThrow(/tampered or wrong key/);
    expect(() => createSecretBox(singleKeyRing(raw), { legacyKeyId: 'k7' })).toThrow(/legacy key is not in the key ring/);
  });

  it('reads a key ring from config, first key current, and rejects bad keys', () => {
    const ring = parseKeyRing(`k2:${k2}, k1:${k1}`);
    expect(ring.currentKeyId).toBe('k2');
    expect(Object.keys(ring.keys)).toEqual(['k2', 'k1']);
    expect(() => parseKeyRing('')).toThrow(ValidationError);
    expect(() => parseKeyRing(k1)).toThrow(/expected id:base64key/);
    expect(() => createSecretBox({ currentKeyId: 'k1', keys: { k1: 'c2hvcnQ=' } })).toThrow(/32 bytes/);
    expect(() => createSecretBox({ currentKeyId: 'k3', keys: { k1 } })).toThrow(/not in the key ring/);
    expect(() => createSecretBox({ currentKeyId: 'bad id', keys: { 'bad id': k1 } })).toThrow(/Invalid secret key id/);
  });

  it('takes keys as base64, 64 hex digits or bytes', () => {
    const raw = randomBytes(32);
    expect(parseKey(raw.toString('base64'))).toEqual(raw);
    expect(parseKey(raw.toString('hex'))).toEqual(raw);
    expect(parseKey(raw)).toEqual(raw);
    expect(() => parseKey(randomBytes(16))).toThrow(ValidationError);
    const sealed = createSecretBox(singleKeyRing(raw.toString('hex'))).encrypt('x');
    expect(createSecretBox(singleKeyRing(raw)).decrypt(sealed)).toBe('x');
  });
});
