import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TOPICS } from '../src';

// The completeness check of "contracts on every edge": every consumed topic has a pact from each
// of its consumers, every pact belongs to an edge, names its topic and is verified by its provider.
// A unit test: it only reads files (contracts/pacts/ and the services' sources and tests).

const root = path.resolve(__dirname, '..', '..');
const pactsDir = path.join(root, 'contracts', 'pacts');

/**
 * The pipeline's Kafka edges, from ARCHITECTURE.md's service table (consumes/produces columns).
 * Defined once, here: the provider tests list their own topic's consumers so that they fail on
 * their own too, and this table is checked against the consumers the services really declare.
 */
const EDGES: ReadonlyArray<{ topic: string; provider: string; consumers: readonly string[] }> = [
  { topic: 'news.fetched', provider: 'news', consumers: ['llm', 'analytics'] },
  { topic: 'article.summarized', provider: 'llm', consumers: ['social', 'analytics', 'notification'] },
  { topic: 'post.published', provider: 'social', consumers: ['analytics', 'notification'] },
];

/**
 * Topics a service consumes that no Pulse service produces, so there is no provider to make a pact
 * with. analytics reads the optional `post.engagement` topic (its own schema) for integrators who
 * feed engagement numbers in; once a service produces it, it becomes an edge above.
 */
const UNPROVIDED: Readonly<Record<string, readonly string[]>> = { 'post.engagement': ['analytics'] };

/** The pact harness's example pair (packages/event-bus/test): not a real edge, verified in its own package. */
const HARNESS_EXAMPLE = { consumer: 'bus-example-analytics', provider: 'bus-example-news', packageDir: 'packages/event-bus', topic: 'news.fetched' };

interface PactMessage {
  description: string;
  metadata?: Record<string, unknown>;
  contents?: { type?: unknown; id?: unknown; data?: unknown };
}
interface PactFile {
  file: string;
  consumer: string;
  provider: string;
  messages: PactMessage[];
}

function readPacts(): PactFile[] {
  return readdirSync(pactsDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const pact = JSON.parse(readFileSync(path.join(pactsDir, name), 'utf8')) as { consumer?: { name?: string }; provider?: { name?: string }; messages?: PactMessage[] };
      return { file: name, consumer: pact.consumer?.name ?? '', provider: pact.provider?.name ?? '', messages: pact.messages ?? [] };
    });
}

const isExample = (pact: Pick<PactFile, 'consumer' | 'provider'>) => pact.consumer === HARNESS_EXAMPLE.consumer && pact.provider === HARNESS_EXAMPLE.provider;
const packageDirOf = (participant: string) => (participant.startsWith('bus-example-') ? HARNESS_EXAMPLE.packageDir : `services/${participant}`);
const edgeOf = (pact: Pick<PactFile, 'consumer' | 'provider'>) => EDGES.find((e) => e.provider === pact.provider && e.consumers.includes(pact.consumer));

/** The text of every `test/*.pact.test.ts` of a package. */
function pactTestsOf(packageDir: string): Array<{ file: string; text: string }> {
  const dir = path.join(root, packageDir, 'test');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.pact.test.ts'))
    .map((name) => ({ file: `${packageDir}/test/${name}`, text: readFileSync(path.join(dir, name), 'utf8') }));
}

/** Whether `text` names `participant` as a string literal (`'llm'` or `"llm"`). */
const namesLiteral = (text: string, participant: string) => text.includes(`'${participant}'`) || text.includes(`"${participant}"`);

describe('pact coverage of the Kafka edges', () => {
  const pacts = readPacts();

  it('lists each pipeline topic of @pulse/contracts exactly once', () => {
    expect(EDGES.map((e) => e.topic).sort()).toEqual(Object.values(TOPICS).sort());
  });

  it('matches the topics each service declares a consumer for (services/<name>/src/consumers/<topic>.consumer.ts)', () => {
    const declared: string[] = [];
    for (const service of readdirSync(path.join(root, 'services'))) {
      const dir = path.join(root, 'services', service, 'src', 'consumers');
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir).filter((n) => n.endsWith('.consumer.ts'))) declared.push(`${service} <- ${name}`);
    }
    const fileOf = (topic: string) => `${topic.replace('.', '-')}.consumer.ts`;
    const tabled = [
      ...EDGES.flatMap((e) => e.consumers.map((c) => `${c} <- ${fileOf(e.topic)}`)),
      ...Object.entries(UNPROVIDED).flatMap(([topic, consumers]) => consumers.map((c) => `${c} <- ${fileOf(topic)}`)),
    ];
    expect(declared.sort()).toEqual(tabled.sort());
  });

  it('has a pact from every consumer of every topic with that topic\'s provider', () => {
    const missing: string[] = [];
    for (const edge of EDGES) {
      for (const consumer of edge.consumers) {
        const pact = pacts.find((p) => p.consumer === consumer && p.provider === edge.provider);
        if (!pact) missing.push(`${edge.topic}: no pact ${consumer}-${edge.provider}.json (run ${consumer}'s *.pact.test.ts)`);
        else if (!pact.messages.some((m) => m.metadata?.topic === edge.topic)) missing.push(`${edge.topic}: ${pact.file} has no message for the topic`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('holds only pacts between a provider and a consumer of an edge in the table, named after them', () => {
    const strays = pacts
      .filter((p) => !isExample(p) && !edgeOf(p))
      .map((p) => `${p.file}: ${p.consumer} -> ${p.provider} is not an edge`);
    const misnamed = pacts.filter((p) => p.file !== `${p.consumer}-${p.provider}.json`).map((p) => `${p.file}: names ${p.consumer}-${p.provider}`);
    expect([...strays, ...misnamed]).toEqual([]);
  });

  it('gives every message of every pact its topic in the metadata and an event of that topic as content', () => {
    const problems: string[] = [];
    for (const pact of pacts) {
      const topic = isExample(pact) ? HARNESS_EXAMPLE.topic : edgeOf(pact)?.topic;
      if (pact.messages.length === 0) problems.push(`${pact.file}: no messages`);
      for (const message of pact.messages) {
        const where = `${pact.file} "${message.description}"`;
        // The harness example predates the topic metadata; its content still has to be the topic's event.
        if (!isExample(pact) && message.metadata?.topic !== topic) problems.push(`${where}: metadata.topic is ${JSON.stringify(message.metadata?.topic)}, expected ${topic}`);
        const contents = message.contents;
        if (contents?.type !== topic) problems.push(`${where}: content type is ${JSON.stringify(contents?.type)}, expected ${topic}`);
        if (typeof contents?.id !== 'string' || typeof contents.data !== 'object' || contents.data === null) problems.push(`${where}: content is not an event envelope (id, data)`);
      }
    }
    expect(problems).toEqual([]);
  });

  // A check that the verification *passed* would need the provider tests' results (they run with
  // the integration tests, against real Kafka for news). Instead this holds that every pact has a
  // provider test that verifies it: a `*.pact.test.ts` in the provider's package calling
  // verifyMessageProvider for that provider name. verifyMessageProvider verifies every pact file
  // naming the provider, and that test fails when any interaction does not verify, so "verified"
  // reduces to "the provider's pact test exists and passes" — and a failing test fails the build.
  it('has every pact verified by a provider test and written by a consumer test', () => {
    const problems: string[] = [];
    for (const pact of pacts) {
      const verifying = pactTestsOf(packageDirOf(pact.provider)).filter((t) => t.text.includes('verifyMessageProvider(') && namesLiteral(t.text, pact.provider));
      if (verifying.length === 0) problems.push(`${pact.file}: no ${packageDirOf(pact.provider)}/test/*.pact.test.ts calls verifyMessageProvider for '${pact.provider}'`);
      const writing = pactTestsOf(packageDirOf(pact.consumer)).filter((t) => t.text.includes('messagePact(') && namesLiteral(t.text, pact.consumer) && namesLiteral(t.text, pact.provider));
      if (writing.length === 0) problems.push(`${pact.file}: no ${packageDirOf(pact.consumer)}/test/*.pact.test.ts writes it with messagePact`);
    }
    expect(problems).toEqual([]);
  });
});
