import type { z } from 'zod';
import { loadConfig, type CommonEnv } from '@pulse/config';
import { createLogger } from '@pulse/observability';
import { openServiceDataSource } from './service-data-source';
import type { ServiceDefinition } from './service-definition';

/**
 * `main.js migrate`: applies the service's pending migrations (and the outbox/inbox tables) and
 * returns — what the Helm pre-install/pre-upgrade Job runs before new pods start. Services also
 * migrate at start (under an advisory lock), so this is an ordering aid, not a requirement.
 */
export async function migrateService<S extends z.ZodType<CommonEnv>>(
  definition: ServiceDefinition<S>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const config = loadConfig(definition.configSchema as never, env) as CommonEnv;
  const logger = createLogger({ service: definition.name, level: config.LOG_LEVEL });
  const dataSource = await openServiceDataSource(definition, {
    url: config.DATABASE_URL,
    logger,
    poolSize: 1,
    applicationName: `pulse-${definition.name}-migrate`,
  });
  await dataSource.destroy();
  logger.info('migrations applied', { schema: definition.name });
}
