import { createPrivateKey, randomUUID, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { PermanentError, ValidationError } from '@pulse/errors';
import { TOKEN_ALGORITHM } from './claims';

export interface TokenSignerOptions {
  privateKeyPem: string;
  issuer: string;
  audience: string;
  /** Written to the token header so verifiers can pick the key from a JWKS during rotation. */
  keyId?: string;
}

export interface TokenRequest {
  sub: string;
  tenantId: string;
  scopes: string[];
  /** Lifetime; one hour by default. */
  ttlSeconds?: number;
}

export interface TokenSigner {
  sign(request: TokenRequest): Promise<string>;
}

/** Mints ES256 access tokens (CLI, dev run, token endpoint). Async so a KMS-backed signer can fit later. */
export function createTokenSigner({ privateKeyPem, issuer, audience, keyId }: TokenSignerOptions): TokenSigner {
  const key = loadPrivateKey(privateKeyPem);
  return {
    async sign({ sub, tenantId, scopes, ttlSeconds = 3_600 }) {
      const problems = [
        ...(sub.trim() ? [] : ['sub: must not be empty']),
        ...(tenantId.trim() ? [] : ['tenantId: must not be empty']),
        ...(Array.isArray(scopes) && scopes.every((s) => typeof s === 'string' && s.length > 0) ? [] : ['scopes: must be non-empty strings']),
        ...(Number.isInteger(ttlSeconds) && ttlSeconds > 0 ? [] : ['ttlSeconds: must be a positive whole number']),
      ];
      if (problems.length > 0) throw new ValidationError('Cannot sign a token with these claims', problems);
      return jwt.sign({ tenantId, scopes }, key, {
        algorithm: TOKEN_ALGORITHM,
        subject: sub,
        issuer,
        audience,
        expiresIn: ttlSeconds,
        jwtid: randomUUID(),
        ...(keyId ? { keyid: keyId } : {}),
      });
    },
  };
}

function loadPrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    throw new PermanentError('The JWT private key is not a readable PEM private key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new PermanentError(`The JWT private key must be an EC P-256 key for ${TOKEN_ALGORITHM}`);
  }
  return key;
}
