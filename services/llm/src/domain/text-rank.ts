import { STOPWORDS } from './stopwords';
import { countWords, tokenizeWords } from './word-tokenizer';

export { countWords };

/**
 * TextRank over a sentence similarity graph (Mihalcea & Tarau 2004): sentences are nodes, edge
 * weights are word overlap normalized by sentence lengths, PageRank finds the sentences most
 * of the article "agrees with". The random jump is biased towards the lead because news puts
 * the essentials first. O(n^2) in sentences; callers cap n.
 */
export interface RankedSentence {
  index: number;
  text: string;
  words: number;
  score: number;
  /** Sorted ids of the sentence's content terms (ids are per ranking call). */
  termIds: Int32Array;
}

export interface TextRankOptions {
  damping?: number;
  /** Share of the random jump that goes to early sentences (0 = plain TextRank). */
  leadBias?: number;
  maxIterations?: number;
  tolerance?: number;
}

/** Content terms of a sentence. */
export function contentTerms(sentence: string): Set<string> {
  const terms = new Set<string>();
  for (const raw of tokenizeWords(sentence)) {
    if (raw.length < 2 || STOPWORDS.has(raw)) continue;
    terms.add(raw.length > 3 && raw.endsWith('s') && !raw.endsWith('ss') ? raw.slice(0, -1) : raw);
  }
  return terms;
}

/** Shared terms of two sorted id arrays (merge walk: no hashing in the O(n^2) loop). */
function sharedTerms(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      shared += 1;
      i += 1;
      j += 1;
    } else if (x < y) i += 1;
    else j += 1;
  }
  return shared;
}

function termIdsOf(sentences: readonly string[]): Int32Array[] {
  const dictionary = new Map<string, number>();
  return sentences.map((sentence) => {
    const ids: number[] = [];
    for (const term of contentTerms(sentence)) {
      let id = dictionary.get(term);
      if (id === undefined) {
        id = dictionary.size;
        dictionary.set(term, id);
      }
      ids.push(id);
    }
    return Int32Array.from(ids).sort();
  });
}

/** Scores sentences (in their original order) with lead-biased TextRank. */
export function rankSentences(sentences: readonly string[], options: TextRankOptions = {}): RankedSentence[] {
  const n = sentences.length;
  const damping = options.damping ?? 0.85;
  const leadBias = options.leadBias ?? 0.3;
  const maxIterations = options.maxIterations ?? 40;
  // Only the order of scores matters, so a loose tolerance is enough (and keeps iterations ~15).
  const tolerance = options.tolerance ?? 1e-4;
  const terms = termIdsOf(sentences);
  const logSize = terms.map((t) => Math.log(t.length + 1));

  // Sparse graph: neighbour lists with weights, then normalized by each neighbour's out-weight.
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  const edgeWeights: number[][] = Array.from({ length: n }, () => []);
  const outSum = new Float64Array(n);
  for (let i = 0; i < n; i += 1) {
    for (let j = i + 1; j < n; j += 1) {
      const shared = sharedTerms(terms[i]!, terms[j]!);
      if (shared === 0) continue;
      const w = shared / (logSize[i]! + logSize[j]!);
      neighbours[i]!.push(j);
      edgeWeights[i]!.push(w);
      neighbours[j]!.push(i);
      edgeWeights[j]!.push(w);
      outSum[i] = outSum[i]! + w;
      outSum[j] = outSum[j]! + w;
    }
  }
  const from = neighbours.map((list) => Int32Array.from(list));
  const share = edgeWeights.map((list, i) => Float64Array.from(list, (w, k) => w / outSum[from[i]![k]!]!));

  const jump = new Float64Array(n);
  let harmonic = 0;
  for (let i = 0; i < n; i += 1) harmonic += 1 / (i + 1);
  for (let i = 0; i < n; i += 1) jump[i] = (1 - leadBias) / n + (leadBias * (1 / (i + 1))) / harmonic;

  let rank = Float64Array.from(jump);
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations; iteration += 1) {
    // Sentences sharing nothing with the rest hand their rank back through the jump vector.
    let dangling = 0;
    for (let j = 0; j < n; j += 1) if (outSum[j] === 0) dangling += rank[j]!;
    let delta = 0;
    for (let i = 0; i < n; i += 1) {
      const sources = from[i]!;
      const weights = share[i]!;
      let incoming = 0;
      for (let k = 0; k < sources.length; k += 1) incoming += weights[k]! * rank[sources[k]!]!;
      const value = (1 - damping) * jump[i]! + damping * (incoming + dangling * jump[i]!);
      next[i] = value;
      delta += Math.abs(value - rank[i]!);
    }
    const previous = rank;
    rank = next;
    next = previous;
    if (delta < tolerance) break;
  }

  return sentences.map((text, index) => ({ index, text, words: countWords(text), score: rank[index]!, termIds: terms[index]! }));
}

/** Jaccard overlap of two sentences' terms, used to drop near-duplicates. */
export function termOverlap(a: RankedSentence, b: RankedSentence): number {
  if (a.termIds.length === 0 || b.termIds.length === 0) return 0;
  const shared = sharedTerms(a.termIds, b.termIds);
  return shared / (a.termIds.length + b.termIds.length - shared);
}
