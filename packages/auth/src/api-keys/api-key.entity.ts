import { EntitySchema } from 'typeorm';

/** One API key of a tenant. The secret itself is never stored: only its scrypt hash. */
export interface ApiKeyRow {
  id: string;
  tenantId: string;
  /** Human label ("ci deploy bot"). */
  name: string;
  /** The first characters of the secret, shown in listings so a leaked key can be recognised. */
  prefix: string;
  /** `scrypt$<N>$<r>$<p>$<salt>$<hash>` (see api-key-secret.ts). */
  hash: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date | null;
}

/**
 * The `api_keys` table in the hosting service's schema. An EntitySchema rather than decorators
 * (like the event bus' outbox), so it loads the same under tsx/esbuild, swc and tsc whatever the
 * importing service's decorator settings.
 */
export const ApiKeyEntity = new EntitySchema<ApiKeyRow>({
  name: 'PulseApiKey',
  tableName: 'api_keys',
  columns: {
    id: { type: 'uuid', primary: true },
    tenantId: { name: 'tenant_id', type: 'text' },
    name: { type: 'text' },
    prefix: { type: 'text' },
    hash: { type: 'text' },
    scopes: { type: 'text', array: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
    lastUsedAt: { name: 'last_used_at', type: 'timestamptz', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    expiresAt: { name: 'expires_at', type: 'timestamptz', nullable: true },
  },
  indices: [{ name: 'api_keys_tenant_idx', columns: ['tenantId', 'createdAt'] }],
});
