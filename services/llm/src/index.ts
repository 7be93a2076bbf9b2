export { llmService } from './service';
export { configSchema, type LlmConfig } from './config';
