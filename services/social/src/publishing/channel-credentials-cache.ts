import type { DataSource } from 'typeorm';
import { describeError, PermanentError, PulseError, RetriableError } from '@pulse/errors';
import { ChannelEntity, type ChannelRepository, type PostEntity } from '../adapters/db';
import type { PlatformCredentials } from '../adapters/platforms/platform-adapter';

/**
 * The channels' credentials for one dispatch round: the first post of a channel reads the row and
 * decrypts it, the round's other posts of that channel reuse it (a backlog is mostly many posts
 * on few channels). Lives for one round only, so a changed or deleted channel is seen next round.
 */
export class ChannelCredentialsCache {
  private readonly loaded = new Map<string, Promise<PlatformCredentials>>();

  constructor(private readonly deps: { dataSource: DataSource; channels: ChannelRepository }) {}

  /** The credentials of the post's channel (same tenant); PermanentError `channel-deleted` when it is gone. */
  of(post: Pick<PostEntity, 'channelId' | 'tenantId'>): Promise<PlatformCredentials> {
    const key = `${post.tenantId}\u0000${post.channelId}`;
    let credentials = this.loaded.get(key);
    if (credentials === undefined) {
      credentials = this.load(post);
      this.loaded.set(key, credentials);
    }
    return credentials;
  }

  private async load(post: Pick<PostEntity, 'channelId' | 'tenantId'>): Promise<PlatformCredentials> {
    const { dataSource, channels } = this.deps;
    try {
      const channel = await dataSource.manager.findOneBy(ChannelEntity, { id: post.channelId, tenantId: post.tenantId });
      if (channel === null) throw new PermanentError(`Channel ${post.channelId} no longer exists`, { code: 'channel-deleted' });
      return await channels.credentialsOf(dataSource.manager, channel);
    } catch (error) {
      // Our own database failing (pool exhausted, connection lost) says nothing about the post:
      // retry it later instead of failing it for good. Nothing was sent yet.
      if (error instanceof PulseError) throw error;
      throw new RetriableError(`Channel ${post.channelId} could not be read: ${describeError(error)}`, { code: 'channel-unreadable', cause: error });
    }
  }
}
