import { createHmac } from 'node:crypto';
import { signWebhook, verifyWebhook, WEBHOOK_HEADERS } from '../src/domain/webhook-signature';

const secret = 'whsec_test_0123456789';
const body = JSON.stringify({ id: 'evt-1', type: 'post.published', data: { niche: 'tech' } });
const now = 1_800_000_000;

describe('webhook signatures', () => {
  it('signs as t=<unix>,v1=<hmac-sha256 hex of "t.body">', () => {
    const header = signWebhook(secret, now, body);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    // Known answer: HMAC-SHA256("whsec_test_0123456789", "1800000000." + body).
    expect(header.split('v1=')[1]).toBe(createHmac('sha256', secret).update(`${now}.${body}`).digest('hex'));
  });

  it('verifies a signature made with the same secret', () => {
    const headers = { [WEBHOOK_HEADERS.signature]: signWebhook(secret, now, body) };
    expect(verifyWebhook(secret, headers, body, 300, now + 10)).toEqual({ ok: true, timestamp: now });
  });

  it('reads the header case-insensitively, from node headers or a fetch Headers', () => {
    const value = signWebhook(secret, now, body);
    expect(verifyWebhook(secret, { 'pulse-signature': value }, Buffer.from(body), 300, now).ok).toBe(true);
    expect(verifyWebhook(secret, new Headers({ 'Pulse-Signature': value }), body, 300, now).ok).toBe(true);
  });

  it('rejects a tampered body', () => {
    const headers = { 'pulse-signature': signWebhook(secret, now, body) };
    expect(verifyWebhook(secret, headers, body.replace('tech', 'sports'), 300, now)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects another secret', () => {
    const headers = { 'pulse-signature': signWebhook('whsec_other', now, body) };
    expect(verifyWebhook(secret, headers, body, 300, now)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('rejects a timestamp outside the replay window, in either direction', () => {
    const headers = { 'pulse-signature': signWebhook(secret, now, body) };
    expect(verifyWebhook(secret, headers, body, 300, now + 301)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhook(secret, headers, body, 300, now - 301)).toEqual({ ok: false, reason: 'stale-timestamp' });
    expect(verifyWebhook(secret, headers, body, 300, now + 300).ok).toBe(true);
  });

  it('rejects a re-signed timestamp that does not match the signature', () => {
    const original = signWebhook(secret, now, body);
    const forged = original.replace(`t=${now}`, `t=${now + 100}`);
    expect(verifyWebhook(secret, { 'pulse-signature': forged }, body, 300, now + 100)).toEqual({ ok: false, reason: 'signature-mismatch' });
  });

  it('accepts any of several v1 signatures (secret rotation)', () => {
    const oldSig = signWebhook('whsec_old', now, body).split('v1=')[1];
    const newSig = signWebhook(secret, now, body).split('v1=')[1];
    const headers = { 'pulse-signature': `t=${now},v1=${oldSig},v1=${newSig}` };
    expect(verifyWebhook(secret, headers, body, 300, now).ok).toBe(true);
  });

  it('explains missing and malformed headers', () => {
    expect(verifyWebhook(secret, {}, body, 300, now)).toEqual({ ok: false, reason: 'missing-signature' });
    expect(verifyWebhook(secret, { 'pulse-signature': 'v1=abc' }, body, 300, now)).toEqual({ ok: false, reason: 'malformed-signature' });
    expect(verifyWebhook(secret, { 'pulse-signature': `t=${now}` }, body, 300, now)).toEqual({ ok: false, reason: 'malformed-signature' });
  });
});
