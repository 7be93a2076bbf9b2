import { randomUUID } from 'node:crypto';
import { IsNull, type DataSource, type Repository } from 'typeorm';
import { ApiKeyEntity, type ApiKeyRow } from './api-key.entity';
import { burnVerification, generateApiKeySecret, hashApiKeySecret, shownPrefixOf, verifyApiKeySecret } from './api-key-secret';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An API key as listings show it: everything but the hash. */
export type ApiKeyView = Omit<ApiKeyRow, 'hash'>;

export interface NewApiKey {
  tenantId: string;
  name: string;
  scopes: string[];
  expiresAt: Date | null;
}

/** Why a key cannot be exchanged for a token (kept for logs; the client only hears `invalid_client`). */
export type KeyRejection = 'unknown' | 'wrong-secret' | 'revoked' | 'expired';

export type KeyCheck = { ok: true; key: ApiKeyView } | { ok: false; reason: KeyRejection };

/** api_keys reads and writes; every tenant-facing query is scoped by tenant id. */
export class ApiKeyStore {
  private readonly repository: Repository<ApiKeyRow>;

  constructor(dataSource: DataSource) {
    this.repository = dataSource.getRepository(ApiKeyEntity);
  }

  /** Stores a new key and returns it with its secret, the only time the secret exists outside the client. */
  async create(input: NewApiKey): Promise<{ key: ApiKeyView; secret: string }> {
    const secret = generateApiKeySecret();
    const row = await this.repository.save(this.repository.create({
      id: randomUUID(),
      tenantId: input.tenantId,
      name: input.name,
      prefix: shownPrefixOf(secret),
      hash: await hashApiKeySecret(secret),
      scopes: input.scopes,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: input.expiresAt,
    }));
    return { key: viewOf(row), secret };
  }

  /** The tenant's keys, newest first, revoked ones included (with `revokedAt`). */
  async list(tenantId: string): Promise<ApiKeyView[]> {
    const rows = await this.repository.find({ where: { tenantId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map(viewOf);
  }

  /**
   * Revokes a key of the tenant; revoking twice keeps the first time. False when the tenant has
   * no such key (another tenant's key counts as none).
   */
  async revoke(tenantId: string, id: string): Promise<boolean> {
    const result = await this.repository.update({ id, tenantId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    if ((result.affected ?? 0) > 0) return true;
    return this.repository.exists({ where: { id, tenantId } });
  }

  /** Checks a client's credentials; on success records the use. Takes the same time whether or not the id exists. */
  async authenticate(id: string, secret: string, now = new Date()): Promise<KeyCheck> {
    const row = UUID.test(id) ? await this.repository.findOne({ where: { id } }) : null;
    if (!row) {
      await burnVerification(secret);
      return { ok: false, reason: 'unknown' };
    }
    if (!(await verifyApiKeySecret(secret, row.hash))) return { ok: false, reason: 'wrong-secret' };
    // Checked after the secret, so only the key's holder learns that it was revoked or expired (logs).
    if (row.revokedAt) return { ok: false, reason: 'revoked' };
    if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    await this.repository.update({ id }, { lastUsedAt: () => 'now()' });
    return { ok: true, key: viewOf(row) };
  }
}

function viewOf(row: ApiKeyRow): ApiKeyView {
  const { hash: _hash, ...view } = row;
  return view;
}
