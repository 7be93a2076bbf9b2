// TypeORM's decorators need the metadata polyfill loaded before any entity class is defined.
import 'reflect-metadata';

export { createDataSource, type DataSourceConfig } from './create-data-source';
export { withTransaction, type TransactionOptions } from './with-transaction';
export { columnRecords, insertRows, quotedTable } from './json-rows';
export { preparedQuery } from './prepared-query';
export { GroupCommit, type GroupCommitOptions, type JobOutcome } from './group-commit';
export { TypeOrmLogSink, type LogSink } from './typeorm-logger';
export type { DataSource, EntityManager } from 'typeorm';
