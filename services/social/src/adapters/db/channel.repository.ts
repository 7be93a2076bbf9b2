import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { NotFoundError, PermanentError } from '@pulse/errors';
import type { CredentialCipher } from '../../domain/credential-cipher';
import type { Platform } from '../../domain/platform';
import type { PostingWindow } from '../../domain/posting-schedule';
import type { PlatformCredentials } from '../platforms/platform-adapter';
import { ChannelEntity } from './channel.entity';

export interface ChannelInput {
  platform: Platform;
  name: string;
  credentials: Record<string, string>;
  niches: string[];
  postingWindows: PostingWindow[];
  timeZone: string;
  maxPostsPerHour: number;
  autoPublish: boolean;
  enabled: boolean;
}

export type ChannelPatch = Partial<Omit<ChannelInput, 'platform'>>;

/**
 * Channels of a tenant. Every read and write names the tenant, and credentials only ever leave
 * through `credentialsOf` (for the publisher), never through the entity handed to HTTP.
 */
export class ChannelRepository {
  constructor(private readonly cipher: CredentialCipher) {}

  async create(manager: EntityManager, tenantId: string, input: ChannelInput): Promise<ChannelEntity> {
    const id = randomUUID();
    const now = new Date();
    const { credentials, ...rest } = input;
    const channel = manager.create(ChannelEntity, {
      ...rest,
      id,
      tenantId,
      credentials: this.seal(id, credentials),
      status: 'active',
      lastError: null,
      createdAt: now,
      updatedAt: now,
    });
    return manager.save(channel);
  }

  async update(manager: EntityManager, tenantId: string, id: string, patch: ChannelPatch): Promise<ChannelEntity> {
    const channel = await this.get(manager, tenantId, id, { lock: true });
    const { credentials, ...rest } = patch;
    Object.assign(channel, rest, { updatedAt: new Date() });
    if (credentials !== undefined) {
      channel.credentials = this.seal(id, credentials);
      // New credentials are the usual fix for an 'error' channel (revoked token).
      channel.status = 'active';
      channel.lastError = null;
    }
    if (patch.enabled === true) channel.status = 'active';
    return manager.save(channel);
  }

  async get(manager: EntityManager, tenantId: string, id: string, options: { lock?: boolean } = {}): Promise<ChannelEntity> {
    const channel = await manager.findOne(ChannelEntity, {
      where: { tenantId, id },
      ...(options.lock === true ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    if (channel === null) throw new NotFoundError('Channel', id);
    return channel;
  }

  list(manager: EntityManager, tenantId: string): Promise<ChannelEntity[]> {
    return manager.find(ChannelEntity, { where: { tenantId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async delete(manager: EntityManager, tenantId: string, id: string): Promise<void> {
    const result = await manager.delete(ChannelEntity, { tenantId, id });
    if ((result.affected ?? 0) === 0) throw new NotFoundError('Channel', id);
  }

  /**
   * Enabled channels of the tenant posting about `niche`, locked until the transaction ends so
   * concurrent planners see each other's slots (the hourly rate holds across replicas).
   */
  subscribedTo(manager: EntityManager, tenantId: string, niche: string): Promise<ChannelEntity[]> {
    return manager
      .createQueryBuilder(ChannelEntity, 'c')
      .where('c.tenant_id = :tenantId AND c.enabled AND :niche = ANY(c.niches)', { tenantId, niche })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  /**
   * `subscribedTo` for several (tenant, niche) pairs at once (a batch of summaries): one query,
   * rows locked in id order (so concurrent batches cannot deadlock), keyed by "<tenant>\0<niche>".
   */
  async subscribedToAll(manager: EntityManager, pairs: ReadonlyArray<{ tenantId: string; niche: string }>): Promise<Map<string, ChannelEntity[]>> {
    const bySubscription = new Map<string, ChannelEntity[]>(pairs.map((p) => [subscriptionKey(p.tenantId, p.niche), []]));
    if (pairs.length === 0) return bySubscription;
    const tenants = [...new Set(pairs.map((p) => p.tenantId))];
    const niches = [...new Set(pairs.map((p) => p.niche))];
    const rows = await manager
      .createQueryBuilder(ChannelEntity, 'c')
      .where('c.tenant_id = ANY(:tenants) AND c.enabled AND c.niches && :niches::text[]', { tenants, niches })
      .orderBy('c.id')
      .setLock('pessimistic_write')
      .getMany();
    for (const channel of rows) {
      for (const niche of new Set(channel.niches)) bySubscription.get(subscriptionKey(channel.tenantId, niche))?.push(channel);
    }
    return bySubscription;
  }

  /** The channel's decrypted credentials; re-sealed under the current key when an old one made them. */
  async credentialsOf(manager: EntityManager, channel: ChannelEntity): Promise<PlatformCredentials> {
    const plaintext = this.cipher.decrypt(channel.credentials, channel.id);
    if (this.cipher.needsRotation(channel.credentials)) {
      await manager.update(ChannelEntity, { id: channel.id, credentials: channel.credentials }, { credentials: this.cipher.encrypt(plaintext, channel.id) });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(plaintext);
    } catch (cause) {
      throw new PermanentError('Stored channel credentials are not JSON', { code: 'credentials-invalid', cause });
    }
    return parsed as PlatformCredentials;
  }

  /** Marks a channel broken (e.g. revoked token) so its owner sees why posts fail. */
  async markError(manager: EntityManager, channelId: string, reason: string): Promise<void> {
    await manager.update(ChannelEntity, { id: channelId }, { status: 'error', lastError: reason.slice(0, 1000), updatedAt: new Date() });
  }

  private seal(channelId: string, credentials: Record<string, string>): string {
    return this.cipher.encrypt(JSON.stringify(credentials), channelId);
  }
}

/** The key of `subscribedToAll`'s answer. */
export function subscriptionKey(tenantId: string, niche: string): string {
  return `${tenantId}\u0000${niche}`;
}
