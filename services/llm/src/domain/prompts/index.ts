export * from './prompt-versions';
export { SHARED_INSTRUCTIONS, buildSystem } from './system-prompt';
export { prepareArticle, languageName, type PreparedArticle } from './article-block';
export {
  TOOLS,
  TOOL_NAMES,
  parseToolInput,
  summaryReplySchema,
  factsReplySchema,
  toneReplySchema,
  combinedReplySchema,
  type ParseOutcome,
  type SummaryReply,
  type FactsReply,
  type ToneReply,
  type CombinedReply,
} from './tool-schemas';
export {
  buildSummaryRequest,
  buildFactsRequest,
  buildToneRequest,
  buildCombinedRequest,
  withRepairInstruction,
  type PromptSettings,
  type StageRequest,
} from './stage-requests';
