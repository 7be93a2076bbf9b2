export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator';
export { createTokenSigner, type TokenRequest, type TokenSigner, type TokenSignerOptions } from './token-signer';
export { generateKeyPair, jwksFromPublicKey, publicKeyFromJwks, fetchPublicKeyFromJwks, type Jwk, type Jwks, type KeyPair } from './keys';
export { principalOf, hasScopes, ADMIN_SCOPE, type Principal } from './principal';
export { TOKEN_ALGORITHM, tokenClaimsSchema, type TokenClaims } from './claims';
