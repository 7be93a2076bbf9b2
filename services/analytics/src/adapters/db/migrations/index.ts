import { CreateEventFacts1795394700000 } from './1795394700000-create-event-facts.migration';
import { CreatePostOutcomes1795394700100 } from './1795394700100-create-post-outcomes.migration';
import { CreateArticleSources1795394700150 } from './1795394700150-create-article-sources.migration';
import { CreateDailyStats1795394700200 } from './1795394700200-create-daily-stats.migration';

/** The analytics migrations in order; pass them as the DataSource's `migrations`. */
export const analyticsMigrations = [
  CreateEventFacts1795394700000,
  CreatePostOutcomes1795394700100,
  CreateArticleSources1795394700150,
  CreateDailyStats1795394700200,
];
