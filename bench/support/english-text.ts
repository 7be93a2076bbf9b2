// Deterministic, varied English prose for the benchmarks: seeded, so every run (and both sides
// of a comparison) sees the same text, and nothing is downloaded.

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence on every machine. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

const SUBJECTS = [
  'The city council', 'A group of researchers', 'The central bank', 'The company', 'Regional health officials',
  'The chief executive', 'Investors', 'The European Commission', 'Local residents', 'Engineers at the plant',
  'The ministry of transport', 'A spokesperson for the union', 'Analysts at the brokerage', 'The startup',
  'The university hospital', 'Climate scientists', 'The software team', 'The airline', 'Farmers in the valley',
  'The national statistics office', 'Security researchers', 'The court', 'The football club', 'Opposition lawmakers',
];
const VERBS = [
  'announced', 'confirmed', 'warned', 'reported', 'estimated', 'argued', 'revealed', 'denied', 'predicted',
  'acknowledged', 'proposed', 'criticised', 'welcomed', 'questioned', 'published', 'approved', 'rejected', 'disclosed',
];
const OBJECTS = [
  'a new plan to expand the rail network', 'record quarterly revenue', 'a sharp rise in energy prices',
  'delays to the bridge renovation', 'an open source release of its database engine', 'a vaccine trial with promising results',
  'cuts to the research budget', 'a merger with a smaller rival', 'a security flaw in widely used routers',
  'higher interest rates for the rest of the year', 'a drop in unemployment', 'plans for a second factory',
  'a study of ocean temperatures', 'new rules for short-term rentals', 'a shortage of qualified nurses',
  'a chip that uses half the power', 'an agreement on fishing quotas', 'the closure of two branch offices',
  'a telescope image of a distant galaxy', 'stronger demand for electric vans', 'a lawsuit over unpaid royalties',
];
const CLAUSES = [
  'after months of negotiations', 'despite strong opposition', 'according to documents seen by reporters',
  'in a statement on Tuesday', 'as inflation continued to ease', 'ahead of the annual meeting',
  'following a review by independent experts', 'while markets remained cautious', 'in response to public pressure',
  'for the first time since 2019', 'amid concerns about supply chains', 'before the summer holidays',
  'on the sidelines of the summit', 'with support from several member states', 'as the deadline approached',
];
const CONNECTORS = ['However,', 'Meanwhile,', 'In addition,', 'At the same time,', 'Still,', 'By contrast,', 'As a result,', 'Separately,'];
const NAMES = ['Maria Keller', 'James Okafor', 'Li Wei', 'Sofia Almeida', 'Daniel Novak', 'Aisha Rahman', 'Tom Lindqvist', 'Elena Petrova'];
const ROLES = ['an economist', 'the project lead', 'a senior analyst', 'the mayor', 'a professor of physics', 'the finance director'];
const QUOTES = [
  'We expect the effects to be visible within a year', 'This is the most significant change in a decade',
  'Nobody should be surprised by these numbers', 'We have to move faster than we did last time',
  'The data does not support that conclusion', 'It is a good first step, but it is not enough',
];
const UNITS = ['percent', 'million euros', 'billion dollars', 'jobs', 'kilometres', 'households', 'patients', 'tonnes'];

/** One sentence, built from slot templates so articles differ in wording, length and numbers. */
export function sentence(random: Random): string {
  const n = random.int(2, 950);
  switch (random.int(0, 5)) {
    case 0:
      return `${random.pick(SUBJECTS)} ${random.pick(VERBS)} ${random.pick(OBJECTS)} ${random.pick(CLAUSES)}.`;
    case 1:
      return `${random.pick(CONNECTORS)} ${random.pick(SUBJECTS).toLowerCase()} ${random.pick(VERBS)} that the figure reached ${n} ${random.pick(UNITS)}, ${random.pick(CLAUSES)}.`;
    case 2:
      return `"${random.pick(QUOTES)}," said ${random.pick(NAMES)}, ${random.pick(ROLES)}, ${random.pick(CLAUSES)}.`;
    case 3:
      return `${random.pick(SUBJECTS)} ${random.pick(VERBS)} ${random.pick(OBJECTS)}, and ${random.pick(SUBJECTS).toLowerCase()} ${random.pick(VERBS)} ${random.pick(OBJECTS)}.`;
    case 4:
      return `The change affects about ${n} ${random.pick(UNITS)} and follows ${random.pick(OBJECTS)} ${random.pick(CLAUSES)}.`;
    default:
      return `${random.pick(CONNECTORS)} ${random.pick(NAMES)} ${random.pick(VERBS)} ${random.pick(OBJECTS)}.`;
  }
}

/** A headline (title case is not needed: feeds rarely use it consistently). */
export function headline(random: Random): string {
  const object = random.pick(OBJECTS);
  return `${random.pick(SUBJECTS)} ${random.pick(VERBS)} ${object} (${random.int(1, 99_999)})`;
}

/** Paragraphs of `sentencesPer` sentences each, totalling about `words` words. */
export function paragraphs(random: Random, words: number, sentencesPer: [number, number] = [3, 6]): string[] {
  const result: string[] = [];
  let count = 0;
  while (count < words) {
    const sentences: string[] = [];
    const length = random.int(sentencesPer[0], sentencesPer[1]);
    for (let i = 0; i < length && count < words; i++) {
      const s = sentence(random);
      sentences.push(s);
      count += s.split(/\s+/).length;
    }
    result.push(sentences.join(' '));
  }
  return result;
}
