import type { MessageCreateParamsNonStreaming } from '@anthropic-ai/sdk/resources/messages';
import type { NicheProfile, StageName, VerifiedFact } from '../summary.types';
import { languageName, type PreparedArticle } from './article-block';
import { COMBINED_PROMPT_VERSION, FACTS_PROMPT_VERSION, SUMMARY_PROMPT_VERSION, TONE_PROMPT_VERSION } from './prompt-versions';
import { buildSystem } from './system-prompt';
import { TOOLS, TOOL_NAMES } from './tool-schemas';

/** What every stage request needs besides the article. */
export interface PromptSettings {
  model: string;
  /** ISO code of the language summaries, statements and posts are written in. */
  outputLanguage: string;
  /** How many facts to ask for. */
  factCount: number;
}

export interface StageRequest {
  stage: StageName;
  promptVersion: string;
  toolName: string;
  params: MessageCreateParamsNonStreaming;
}

const MAX_TOKENS: Record<StageName, number> = { summary: 1024, facts: 2048, tone: 1536, combined: 4096 };
const TEMPERATURE: Record<StageName, number> = { summary: 0.2, facts: 0, tone: 0.7, combined: 0.2 };
const VERSIONS: Record<StageName, string> = {
  summary: SUMMARY_PROMPT_VERSION,
  facts: FACTS_PROMPT_VERSION,
  tone: TONE_PROMPT_VERSION,
  combined: COMBINED_PROMPT_VERSION,
};

function request(stage: StageName, article: PreparedArticle, settings: PromptSettings, task: string): StageRequest {
  const toolName = TOOL_NAMES[stage];
  return {
    stage,
    promptVersion: VERSIONS[stage],
    toolName,
    params: {
      model: settings.model,
      max_tokens: MAX_TOKENS[stage],
      temperature: TEMPERATURE[stage],
      system: buildSystem(article.block),
      tools: TOOLS,
      tool_choice: { type: 'tool', name: toolName },
      messages: [{ role: 'user', content: [{ type: 'text', text: `${task}\nRecord the result with the ${toolName} tool.` }] }],
    },
  };
}

function summaryTask(niche: NicheProfile, settings: PromptSettings): string {
  return `Task: summary. Write about ${niche.summaryWords} words (never more than ${Math.ceil(niche.summaryWords * 1.2)}) in ${languageName(settings.outputLanguage)} for ${niche.audience} (niche: ${niche.name}).`;
}

function factsTask(settings: PromptSettings): string {
  return `Task: facts. Record up to ${settings.factCount} key facts. Statements in ${languageName(settings.outputLanguage)}; quotes verbatim from the article text.`;
}

function toneTask(niche: NicheProfile, settings: PromptSettings): string {
  return `Task: tone. Audience: ${niche.audience} (niche: ${niche.name}). Write in ${languageName(settings.outputLanguage)}; the rewrite about ${niche.summaryWords} words, each variant at most 280 characters.`;
}

function renderFacts(facts: readonly VerifiedFact[]): string {
  const verified = facts.filter((fact) => fact.verified);
  if (verified.length === 0) return '<facts>none verified</facts>';
  return `<facts>\n${verified.map((fact) => `- ${fact.statement}`).join('\n')}\n</facts>`;
}

/** Stage 1: the summary. */
export function buildSummaryRequest(article: PreparedArticle, niche: NicheProfile, settings: PromptSettings): StageRequest {
  return request('summary', article, settings, summaryTask(niche, settings));
}

/** Stage 2: facts with verbatim quotes. */
export function buildFactsRequest(article: PreparedArticle, settings: PromptSettings): StageRequest {
  return request('facts', article, settings, factsTask(settings));
}

/** Stage 4: audience rewrite and variants, grounded in the summary and the verified facts only. */
export function buildToneRequest(
  article: PreparedArticle,
  niche: NicheProfile,
  settings: PromptSettings,
  summary: string,
  facts: readonly VerifiedFact[],
): StageRequest {
  const task = `${toneTask(niche, settings)}\n<summary>\n${summary}\n</summary>\n${renderFacts(facts)}`;
  return request('tone', article, settings, task);
}

/** All stages in one call (Message Batches; verification still runs on our side afterwards). */
export function buildCombinedRequest(article: PreparedArticle, niche: NicheProfile, settings: PromptSettings): StageRequest {
  const task = [
    'Task: all of summary, facts and tone, recorded together.',
    summaryTask(niche, settings),
    factsTask(settings),
    `${toneTask(niche, settings)} Base the rewrite and the variants on your summary and facts.`,
  ].join('\n');
  return request('combined', article, settings, task);
}

/** Adds a repair turn after an invalid reply: the same request plus what was wrong with the last answer. */
export function withRepairInstruction(stage: StageRequest, problems: readonly string[]): StageRequest {
  const repair = `Your previous answer could not be used: ${problems.join('; ')}. Call the ${stage.toolName} tool again with input that matches its schema exactly${
    stage.stage === 'facts' || stage.stage === 'combined' ? ', and copy every quote verbatim from the article text' : ''
  }.`;
  const [first] = stage.params.messages;
  const content = Array.isArray(first?.content) ? first.content : [];
  return {
    ...stage,
    params: { ...stage.params, messages: [{ role: 'user', content: [...content, { type: 'text', text: repair }] }] },
  };
}
