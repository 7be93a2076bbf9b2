import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@pulse/db';

export interface NewsEventStatus {
  /** The consumer group applied this event already (its inbox row exists): a redelivery. */
  applied: boolean;
  /** The tenant has a summary of the article (from another news.fetched of it, or an API request). */
  summarized: boolean;
}

/** One news.fetched event to look up. */
export interface NewsEventRef {
  eventId: string;
  tenantId: string;
  articleId: string;
}

/**
 * Both pre-checks of news.fetched events (inbox row of the group? summary of the tenant's
 * article?) for many events in one round trip and without TypeORM's query building, in the order
 * given. Unqualified tables: the service's schema is first on search_path. Advisory only: the inbox
 * row written with the summary still decides, so a concurrent duplicate commits at most once.
 */
export async function newsEventStatuses(manager: EntityManager, consumerGroup: string, events: readonly NewsEventRef[]): Promise<NewsEventStatus[]> {
  if (events.length === 0) return [];
  return (await preparedQuery(
    manager,
    `SELECT EXISTS (SELECT 1 FROM event_inbox WHERE consumer_group = $1 AND event_id = e.event_id) AS applied,
            EXISTS (SELECT 1 FROM summaries WHERE tenant_id = e.tenant_id AND article_id = e.article_id) AS summarized
       FROM unnest($2::uuid[], $3::text[], $4::uuid[]) WITH ORDINALITY AS e(event_id, tenant_id, article_id, n)
      ORDER BY e.n`,
    [consumerGroup, events.map((e) => e.eventId), events.map((e) => e.tenantId), events.map((e) => e.articleId)],
  )) as NewsEventStatus[];
}
