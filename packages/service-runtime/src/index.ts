export { startService, type RunningService, type StartOptions } from './start-service';
export type { ServiceContext, ServiceDefinition, ServiceParts, Worker } from './service-definition';
export { cronWorker } from './cron-worker';
export { migrateService } from './migrate-service';
export { openServiceDataSource } from './service-data-source';
export { runMain } from './run-main';
