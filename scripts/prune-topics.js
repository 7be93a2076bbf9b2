// Deletes the topics that tests and benchmarks created with unique names (`<name>-<8 hex>`, and
// their `.dlq`), from the local broker that infra.sh has just started. Each run creates fresh
// topics and few delete theirs; a broker holding thousands of partitions takes minutes to start,
// which ends in a health-wait timeout. Run right after a start, nothing else is using the broker
// yet. Usage: node scripts/prune-topics.js <broker host:port>
'use strict';
const path = require('node:path');
const { createRequire } = require('node:module');

const UNIQUE = /-[0-9a-f]{8}(\.dlq)?$/;

async function main() {
  const broker = process.argv[2];
  if (!broker) throw new Error('usage: node scripts/prune-topics.js <host:port>');
  let kafkajs;
  try {
    kafkajs = createRequire(path.join(__dirname, '..', 'packages', 'event-bus', 'package.json'))('kafkajs');
  } catch {
    return; // dependencies not installed yet: nothing has run that could have left topics
  }
  const admin = new kafkajs.Kafka({ brokers: [broker], clientId: 'pulse-prune', logLevel: kafkajs.logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const leftovers = (await admin.listTopics()).filter((topic) => UNIQUE.test(topic));
    for (let i = 0; i < leftovers.length; i += 100) {
      await admin.deleteTopics({ topics: leftovers.slice(i, i + 100), timeout: 60_000 });
    }
    if (leftovers.length > 0) console.error(`[infra] Kafka: deleted ${leftovers.length} topic(s) left by earlier test and benchmark runs`);
  } finally {
    await admin.disconnect();
  }
}

main().catch((error) => {
  // Pruning is housekeeping: a failure must not fail the start.
  console.error(`[infra] Kafka: could not prune old test topics: ${error.message}`);
});
