// Lints OpenAPI documents with Redocly's `recommended` ruleset plus the exceptions in
// gateway/redocly.yaml (each justified there). Offline: no plugin or ruleset is fetched.
//   node gateway/tools/lint-openapi.mjs <spec.json>...
// Prints JSON: [{ file, problems: [{ ruleId, severity, message, location }] }]. ESM because
// @redocly/openapi-core is ESM-only (jest runs CommonJS).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, loadConfig } from '@redocly/openapi-core';

const configPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'redocly.yaml');
const config = await loadConfig({ configPath });
const results = [];
for (const file of process.argv.slice(2)) {
  const problems = await lint({ ref: path.resolve(file), config });
  results.push({
    file,
    problems: problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      location: p.location.map((l) => l.pointer).join(' '),
    })),
  });
}
process.stdout.write(JSON.stringify(results));
