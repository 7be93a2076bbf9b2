import { ChannelEntity } from './channel.entity';
import { ExperimentEntity, VariantStatsEntity } from './experiment.entity';
import { CreateSocialTables1795400000000 } from './migrations/1795400000000-create-social-tables.migration';
import { AddPostTraceHeaders1795500000000 } from './migrations/1795500000000-add-post-trace-headers.migration';
import { AddPostEngagementPolling1795600000000 } from './migrations/1795600000000-add-post-engagement-polling.migration';
import { PostEntity } from './post.entity';

export { ChannelEntity, type ChannelStatus } from './channel.entity';
export { PostEntity, POST_STATUSES, type PostStatus, type ComposedExtras } from './post.entity';
export { ExperimentEntity, VariantStatsEntity } from './experiment.entity';
export { ChannelRepository, subscriptionKey, type ChannelInput, type ChannelPatch } from './channel.repository';
export { PostRepository, type PostCursor, type PostFilter, type ClaimedPost } from './post.repository';
export { ExperimentRepository, experimentKey, type StoredExperiment } from './experiment.repository';
export { PostEngagementRepository, type StoredEngagement } from './post-engagement.repository';

export const socialEntities = [ChannelEntity, PostEntity, ExperimentEntity, VariantStatsEntity];
export const socialMigrations = [CreateSocialTables1795400000000, AddPostTraceHeaders1795500000000, AddPostEngagementPolling1795600000000];
