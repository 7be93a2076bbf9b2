import type { DataSource } from 'typeorm';
import { createDataSource, type DataSourceConfig } from '@pulse/db';
import { eventBusEntities, eventBusMigrations } from '@pulse/event-bus';
import type { ServiceDefinition } from './service-definition';

/**
 * A service's DataSource, migrated: the bus's outbox and inbox tables and the service's own
 * entities in its schema (the service's name unless `schema` says otherwise, as tests do).
 * startService and migrateService open it this way; so can a test that needs the tables only.
 */
export function openServiceDataSource(
  definition: Pick<ServiceDefinition<never>, 'name' | 'entities' | 'migrations'>,
  options: Omit<DataSourceConfig, 'schema' | 'entities' | 'migrations'> & { schema?: string },
): Promise<DataSource> {
  return createDataSource({
    ...options,
    schema: options.schema ?? definition.name,
    entities: [...eventBusEntities, ...(definition.entities ?? [])],
    migrations: [...eventBusMigrations, ...(definition.migrations ?? [])],
  });
}
