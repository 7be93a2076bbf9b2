export { createAuthenticator, type Authenticator, type AuthenticatorOptions } from './authenticator';
export { createTokenSigner, type TokenRequest, type TokenSigner, type TokenSignerOptions } from './token-signer';
export { generateKeyPair, jwksFromPublicKey, publicKeyFromJwks, fetchPublicKeyFromJwks, type Jwk, type Jwks, type KeyPair } from './keys';
export { principalOf, hasScopes, ADMIN_SCOPE, type Principal } from './principal';
export { TOKEN_ALGORITHM, tokenClaimsSchema, type TokenClaims } from './claims';
export {
  createApiKeyRouter, createJwksRouter, createTokenIssuing, ApiKeyStore, ApiKeyEntity, CreateApiKeys1764300000000,
  apiKeyEntities, apiKeyMigrations, apiKeyJson, createApiKeyBody, apiKeyIdParams, apiKeySubject, parseClientCredentials,
  generateApiKeySecret, hashApiKeySecret, verifyApiKeySecret, API_KEY_PREFIX, KEYS_READ_SCOPE, KEYS_WRITE_SCOPE,
  type ApiKeyRouterOptions, type ApiKeyRow, type ApiKeyView, type NewApiKey, type KeyCheck, type KeyRejection,
  type ClientCredentialsRequest, type OAuthErrorCode, type OAuthFailure, type TokenIssuing, type TokenIssuingOptions,
} from './api-keys';
