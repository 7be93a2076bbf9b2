export { loadConfig } from './load-config';
export {
  commonEnv,
  envBoolean,
  envInt,
  envList,
  envPem,
  envPort,
  envUrl,
  LOG_LEVELS,
  type CommonEnv,
  type CommonEnvOptions,
} from './env-schemas';
