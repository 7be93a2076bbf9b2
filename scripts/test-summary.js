// Sums the per-run counts written by scripts/jest-summary-reporter.js and prints the closing line.
const fs = require('node:fs');
const path = require('node:path');
const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0, suitesFailed = 0;
const failures = [];
for (const file of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  passed += r.passed; failed += r.failed; skipped += r.skipped; suitesFailed += r.suitesFailed;
  if (r.failed || r.suitesFailed) {
    failures.push(`${r.package} (${r.kind}): ${r.failed} failed tests, ${r.suitesFailed} failed suites`);
    for (const reason of r.reasons ?? []) failures.push(`  ${reason.slice(0, 600)}`);
  }
}
for (const line of failures) console.log(line.startsWith(' ') ? line : `FAILED ${line}`);
console.log(`${passed} passed, ${failed + suitesFailed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed + suitesFailed > 0 || passed === 0 ? 1 : 0);
