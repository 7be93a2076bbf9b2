import { createPrivateKey, createPublicKey } from 'node:crypto';
import { PermanentError } from '@pulse/errors';
import { jwksFromPublicKey, type Jwks } from '../keys';
import { createTokenSigner, type TokenSigner } from '../token-signer';

export interface TokenIssuingOptions {
  privateKeyPem: string;
  /** The verification key the services are configured with; checked to be the private key's pair. */
  publicKeyPem?: string;
  issuer: string;
  audience: string;
}

export interface TokenIssuing {
  signer: TokenSigner;
  /** The JWKS publishing the private key's public half, with the kid the signer writes into tokens. */
  jwks: Jwks;
  publicKeyPem: string;
}

/**
 * The signer and JWKS of a token-issuing service, from its private key. Fails fast (at boot) when
 * the private key is not the pair of the configured public key: every token would be refused.
 */
export function createTokenIssuing({ privateKeyPem, publicKeyPem, issuer, audience }: TokenIssuingOptions): TokenIssuing {
  let derived: string;
  try {
    derived = createPublicKey(createPrivateKey(privateKeyPem)).export({ type: 'spki', format: 'pem' }).toString();
  } catch (error) {
    throw new PermanentError('The JWT private key is not a readable PEM private key', { cause: error });
  }
  if (publicKeyPem !== undefined && !createPublicKey(publicKeyPem).equals(createPublicKey(derived))) {
    throw new PermanentError('JWT_PRIVATE_KEY is not the pair of JWT_PUBLIC_KEY: the tokens it signs would not verify');
  }
  const jwks = jwksFromPublicKey(derived);
  const signer = createTokenSigner({ privateKeyPem, issuer, audience, keyId: jwks.keys[0]!.kid });
  return { signer, jwks, publicKeyPem: derived };
}
