import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Verifies a Pulse webhook as an integrator would from the documented scheme alone:
 * `Pulse-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`, any v1 entry
 * matching, timestamp within `toleranceSeconds` of now.
 */
export function verifyPulseSignature(secret: string, header: string | string[] | undefined, rawBody: Buffer, toleranceSeconds = 300): boolean {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return false;
  let timestamp: number | undefined;
  const candidates: string[] = [];
  for (const part of value.split(',')) {
    const [key, ...rest] = part.trim().split('=');
    const field = rest.join('=');
    if (key === 't' && /^\d+$/.test(field)) timestamp = Number(field);
    if (key === 'v1' && /^[0-9a-f]{64}$/i.test(field)) candidates.push(field);
  }
  if (timestamp === undefined || candidates.length === 0) return false;
  if (Math.abs(Date.now() / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  return candidates.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
