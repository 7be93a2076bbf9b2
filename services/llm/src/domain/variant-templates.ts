import type { PostVariants } from './summary.types';

/**
 * Templated post variants for the extractive summarizer (no model to write them). Framing words
 * exist per language; for a language without a template the variants are the bare sentences, so
 * English framing never lands in, say, a German post.
 */
interface Framing {
  casual: (lead: string) => string;
  question: (title: string, niche: string) => string;
  statistic: (sentence: string) => string;
}

const FRAMINGS: Record<string, Framing> = {
  en: {
    casual: (lead) => `Quick read: ${lead}`,
    question: (title, niche) => `${title} - what does it mean for ${niche}?`,
    statistic: (sentence) => `By the numbers: ${sentence}`,
  },
  de: {
    casual: (lead) => `Kurz gesagt: ${lead}`,
    question: (title, niche) => `${title} - was bedeutet das für ${niche}?`,
    statistic: (sentence) => `In Zahlen: ${sentence}`,
  },
};

const BARE: Framing = {
  casual: (lead) => lead,
  question: (title) => `${title}?`,
  statistic: (sentence) => sentence,
};

export interface VariantInputs {
  title: string;
  niche: string;
  summary: string;
  /** The best-ranked lead sentence. */
  lead: string;
  /** A sentence carrying a number, if the article has one. */
  statistic?: string;
  language: string;
}

/** The four experiment variants built from extracted sentences. */
export function templateVariants(input: VariantInputs): PostVariants {
  const framing = FRAMINGS[input.language] ?? BARE;
  const title = input.title.trim().replace(/[.!?]+$/, '');
  return {
    casual: framing.casual(input.lead),
    formal: input.summary,
    question: framing.question(title || input.lead, input.niche),
    statistic: framing.statistic(input.statistic ?? input.lead),
  };
}
