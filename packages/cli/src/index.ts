export { buildProgram, runCli, type CliIo } from './program';
export { cliConfig, type CliConfig } from './config';
