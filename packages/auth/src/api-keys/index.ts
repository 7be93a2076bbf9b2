export { ApiKeyEntity, type ApiKeyRow } from './api-key.entity';
export { CreateApiKeys1764300000000 } from './1764300000000-create-api-keys.migration';
export { ApiKeyStore, type ApiKeyView, type NewApiKey, type KeyCheck, type KeyRejection } from './api-key.store';
export { generateApiKeySecret, hashApiKeySecret, verifyApiKeySecret, API_KEY_PREFIX } from './api-key-secret';
export { parseClientCredentials, type ClientCredentialsRequest, type OAuthErrorCode, type OAuthFailure } from './client-credentials';
export { createApiKeyRouter, type ApiKeyRouterOptions } from './api-key.router';
export { apiKeyJson, KEYS_READ_SCOPE, KEYS_WRITE_SCOPE } from './api-key.routes';
export { apiKeySubject } from './token.routes';
export { createJwksRouter } from './jwks.router';
export { createTokenIssuing, type TokenIssuing, type TokenIssuingOptions } from './token-issuing';

import { ApiKeyEntity } from './api-key.entity';
import { CreateApiKeys1764300000000 } from './1764300000000-create-api-keys.migration';

/** Add to the hosting service's definition (`entities`, `migrations`). */
export const apiKeyEntities = [ApiKeyEntity];
export const apiKeyMigrations = [CreateApiKeys1764300000000];
export { createApiKeyBody, apiKeyIdParams } from './api-key.schemas';
