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
  { topic: 'post.engagement', provider: 'social', consumers: ['analytics'] },
];

/**
 * Topics a service consumes that no Pulse service produces, so there is no provider to make a pact
 * with (none today: `post.engagement`, once listed here, is produced by social now).
 */
const UNPROVIDED: Readonly<Record<string, readonly string[]>> = {};

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
    .filter((name) => name.endsWith('.json') && !isHttpPact(name))
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
      // One pair may share several edges (social -> analytics: post.published and post.engagement).
      const topics = isExample(pact) ? [HARNESS_EXAMPLE.topic] : EDGES.filter((e) => e.provider === pact.provider && e.consumers.includes(pact.consumer)).map((e) => e.topic);
      if (pact.messages.length === 0) problems.push(`${pact.file}: no messages`);
      for (const message of pact.messages) {
        const where = `${pact.file} "${message.description}"`;
        const topic = isExample(pact) ? HARNESS_EXAMPLE.topic : message.metadata?.topic;
        // The harness example predates the topic metadata; its content still has to be the topic's event.
        if (!isExample(pact) && !topics.includes(String(topic))) problems.push(`${where}: metadata.topic is ${JSON.stringify(topic)}, expected one of ${topics.join(', ')}`);
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
      // messagePactConsumer (@pulse/testing) wraps messagePact for the services' consumer tests.
      const writing = pactTestsOf(packageDirOf(pact.consumer)).filter((t) => /\bmessagePact(Consumer)?\(/.test(t.text) && namesLiteral(t.text, pact.consumer) && namesLiteral(t.text, pact.provider));
      if (writing.length === 0) problems.push(`${pact.file}: no ${packageDirOf(pact.consumer)}/test/*.pact.test.ts writes it with messagePact or messagePactConsumer`);
    }
    expect(problems).toEqual([]);
  });
});

// ---- HTTP edges: the parts that call the public API (through the gateway's /api/v1/... paths) ----

/**
 * Who calls the public API, from where in its code, and which services those calls reach (the
 * gateway routes them; gateway/traefik/dynamic/routes.yml). Each pair has an HTTP pact.
 */
const HTTP_CONSUMERS: ReadonlyArray<{ consumer: string; packageDir: string; sourceDir: string; providers: readonly string[] }> = [
  { consumer: 'cli', packageDir: 'packages/cli', sourceDir: 'packages/cli/src', providers: ['news', 'analytics'] },
  { consumer: 'dashboard', packageDir: 'packages/dashboard', sourceDir: 'packages/dashboard/public/js', providers: ['analytics', 'notification'] },
];

/** API paths a consumer calls that no pact can describe, with the reason and what tests them instead. */
const HTTP_UNPACTED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  dashboard: { '/api/v1/stream': 'an unbounded text/event-stream (EventSource); packages/dashboard browser test and tests/e2e' },
};

interface HttpPactFile {
  file: string;
  consumer: string;
  provider: string;
  interactions: Array<{ description: string; request?: { method?: string; path?: string } }>;
}

/** An HTTP pact holds request/response `interactions`; a message pact holds `messages`. */
function isHttpPact(name: string): boolean {
  return Array.isArray((JSON.parse(readFileSync(path.join(pactsDir, name), 'utf8')) as { interactions?: unknown }).interactions);
}

function readHttpPacts(): HttpPactFile[] {
  return readdirSync(pactsDir)
    .filter((name) => name.endsWith('.json') && isHttpPact(name))
    .sort()
    .map((name) => {
      const pact = JSON.parse(readFileSync(path.join(pactsDir, name), 'utf8')) as { consumer?: { name?: string }; provider?: { name?: string }; interactions: HttpPactFile['interactions'] };
      return { file: name, consumer: pact.consumer?.name ?? '', provider: pact.provider?.name ?? '', interactions: pact.interactions };
    });
}

/** Every '/api/v1/...' string or template literal in a consumer's code, as a path pattern (query dropped, `${…}` one segment). */
function apiCallsIn(sourceDir: string): Array<{ file: string; literal: string; pattern: RegExp }> {
  const calls: Array<{ file: string; literal: string; pattern: RegExp }> = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name)) {
        // Comments mention paths too (`/api/v1/...` in prose): only code counts.
        const code = readFileSync(full, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
        for (const match of code.matchAll(/['"`](\/api\/v1\/[^'"`]*)['"`]/g)) {
          const literal = match[1]!;
          const pathPart = literal.split('?')[0]!;
          const source = pathPart.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')).join('[^/?]+');
          calls.push({ file: path.relative(root, full), literal, pattern: new RegExp(`^${source}$`) });
        }
      }
    }
  };
  walk(path.join(root, sourceDir));
  return calls;
}

describe('pact coverage of the HTTP edges', () => {
  const pacts = readHttpPacts();

  it('has an HTTP pact for every consumer of the public API with every service it calls, and no other', () => {
    const expected = HTTP_CONSUMERS.flatMap((c) => c.providers.map((p) => `${c.consumer}-${p}.json`)).sort();
    expect(pacts.map((p) => p.file)).toEqual(expected);
    const problems = pacts.flatMap((p) => [
      ...(p.file === `${p.consumer}-${p.provider}.json` ? [] : [`${p.file}: names ${p.consumer}-${p.provider}`]),
      ...(p.interactions.length > 0 ? [] : [`${p.file}: no interactions`]),
    ]);
    expect(problems).toEqual([]);
  });

  it('has a pact interaction for every API path each consumer calls', () => {
    const missing: string[] = [];
    for (const { consumer, sourceDir } of HTTP_CONSUMERS) {
      const paths = pacts.filter((p) => p.consumer === consumer).flatMap((p) => p.interactions.map((i) => i.request?.path ?? ''));
      const calls = apiCallsIn(sourceDir);
      if (calls.length === 0) missing.push(`${sourceDir}: no /api/v1/ call found (moved?)`);
      for (const call of calls) {
        const exempt = HTTP_UNPACTED[consumer]?.[call.literal.split('?')[0]!];
        if (!exempt && !paths.some((p) => call.pattern.test(p))) missing.push(`${call.file}: ${call.literal} has no interaction in ${consumer}'s pacts`);
      }
    }
    expect(missing).toEqual([]);
  });

  // As for the message pacts: "verified" is "the provider's verification test exists and passes".
  // verifyHttpProvider verifies every HTTP pact naming the provider and fails on any mismatch.
  it('has every HTTP pact verified by its provider and written by its consumer', () => {
    const problems: string[] = [];
    for (const pact of pacts) {
      const providerTest = `services/${pact.provider}/test/http-provider.pact.test.ts`;
      const verifying = pactTestsOf(`services/${pact.provider}`).filter((t) => t.file === providerTest && t.text.includes('verifyHttpProvider(') && namesLiteral(t.text, pact.provider));
      if (verifying.length === 0) problems.push(`${pact.file}: no ${providerTest} calls verifyHttpProvider for '${pact.provider}'`);
      const packageDir = HTTP_CONSUMERS.find((c) => c.consumer === pact.consumer)?.packageDir ?? `packages/${pact.consumer}`;
      const writing = pactTestsOf(packageDir).filter((t) => t.text.includes('httpPact(') && namesLiteral(t.text, pact.consumer) && namesLiteral(t.text, pact.provider));
      if (writing.length === 0) problems.push(`${pact.file}: no ${packageDir}/test/*.pact.test.ts writes it with httpPact`);
    }
    expect(problems).toEqual([]);
  });
});
