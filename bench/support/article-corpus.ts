// Articles for the llm benchmark: about `words` words each of varied English prose in paragraphs,
// deterministic from the seed (no network, the same corpus on every run).
import type { ArticleInput } from '@pulse/llm/src/domain';
import { headline, paragraphs, Random } from './english-text';

const NICHES = ['technology', 'finance', 'science'];

/** `count` articles of about `words` words, spread over three niches. */
export function articleCorpus(count: number, words = 800, seed = 4_242): ArticleInput[] {
  return Array.from({ length: count }, (_, i) => {
    const random = new Random(seed + i * 7_919);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      tenantId: 'bench',
      niche: NICHES[i % NICHES.length]!,
      title: headline(random),
      text: paragraphs(random, words).join('\n\n'),
      language: 'en',
      score: 0.5 + random.next() / 2,
    };
  });
}
