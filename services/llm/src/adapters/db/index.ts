export { SummaryEntity } from './summary.entity';
export { LlmUsageEntity } from './llm-usage.entity';
export { SkippedArticleEntity } from './skipped-article.entity';
export { CreateLlmTables1763950000000 } from './1763950000000-create-llm-tables.migration';
export { insertSummaryIfAbsent, findSummary, summaryExists, type NewSummary } from './summary.repository';
export { recordSkippedArticle, findSkippedArticle } from './skipped-article.repository';
export { recordUsage, usageSince, sumUsage, type UsageRecord, type UsageGroupBy, type UsageSums } from './usage.repository';

import { LlmUsageEntity } from './llm-usage.entity';
import { SkippedArticleEntity } from './skipped-article.entity';
import { SummaryEntity } from './summary.entity';
import { CreateLlmTables1763950000000 } from './1763950000000-create-llm-tables.migration';
export const llmEntities = [SummaryEntity, LlmUsageEntity, SkippedArticleEntity];
export const llmMigrations = [CreateLlmTables1763950000000];
