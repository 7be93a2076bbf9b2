export { SourceEntity } from './source.entity';
export { ArticleEntity } from './article.entity';
export { DedupeKeyEntity } from './dedupe-key.entity';
export { StoryClusterEntity } from './story-cluster.entity';
export { CreateNewsTables1764100000000 } from './1764100000000-create-news-tables.migration';
export { PartitionArticlesByMonth1764400000000 } from './1764400000000-partition-articles.migration';
export { DedupeKeyHashText1795483300000 } from './1795483300000-dedupe-key-hash-text.migration';
export { ArticlePartitions } from './article-partitions';
export { SourceRepository, type SourceSettings, type FetchSuccess, type FetchFailure } from './source.repository';
export { ArticleRepository, type ArticleQuery, type ArticleOrder, type ArticleWithCluster, type ArticleListRow } from './article.repository';
export { createCredentialsCipher, type CredentialsCipher } from './source-credentials';
export { StoryIndex, type StoryIndexOptions } from './story-index';
export { lockTenant, knownKeyHashes, KNOWN_KEY_HASHES_SQL, claimDedupeKeys, joinClusters, insertArticles, type NewArticle, type KeyClaim, type HashedKey } from './article-writer';

import { ArticleEntity } from './article.entity';
import { DedupeKeyEntity } from './dedupe-key.entity';
import { SourceEntity } from './source.entity';
import { StoryClusterEntity } from './story-cluster.entity';
import { CreateNewsTables1764100000000 } from './1764100000000-create-news-tables.migration';
import { PartitionArticlesByMonth1764400000000 } from './1764400000000-partition-articles.migration';
import { DedupeKeyHashText1795483300000 } from './1795483300000-dedupe-key-hash-text.migration';

export const newsEntities = [SourceEntity, ArticleEntity, DedupeKeyEntity, StoryClusterEntity];
export const newsMigrations = [CreateNewsTables1764100000000, PartitionArticlesByMonth1764400000000, DedupeKeyHashText1795483300000];
