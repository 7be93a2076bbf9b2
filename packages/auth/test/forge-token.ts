import { createHmac, createSign } from 'node:crypto';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token with arbitrary header and payload, signed (or not) exactly as an attacker would. */
export function forgeToken(header: Record<string, unknown>, payload: Record<string, unknown>, sign: (input: string) => string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${sign(input)}`;
}

export const unsigned = () => '';
/** HS256 using the PEM public key as the HMAC secret: the classic key-confusion attack. */
export const hmacWith = (secret: string) => (input: string) => createHmac('sha256', secret).update(input).digest('base64url');
/** ES256 with any private key (for "signed by someone else"). */
export const es256With = (privateKeyPem: string) => (input: string) =>
  createSign('SHA256').update(input).sign({ key: privateKeyPem, dsaEncoding: 'ieee-p1363' }).toString('base64url');

export const nowSeconds = () => Math.floor(Date.now() / 1000);
