// A jest reporter that records this run's counts for scripts/test-summary.js (npm test's last line).
const fs = require('node:fs');
const path = require('node:path');

// CI shows only the tail of the output: keep a few lines of why each test or suite failed so the
// closing summary explains itself without scrolling back through jest's full report.
const MAX_REASONS = 5;
const REASON_LINES = 4;
const stripAnsi = (text) => text.replace(/\u001b\[[0-9;]*m/g, '');
const firstLines = (text) => stripAnsi(text).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, REASON_LINES).join(' | ');

function failureReasons(results) {
  const reasons = [];
  for (const suite of results.testResults) {
    const file = path.relative(process.cwd(), suite.testFilePath);
    if (suite.testExecError) reasons.push(`${file}: ${firstLines(suite.testExecError.message ?? String(suite.testExecError))}`);
    for (const test of suite.testResults) {
      if (test.status === 'failed') reasons.push(`${file} > ${test.fullName}: ${firstLines(test.failureMessages.join('\n'))}`);
    }
    if (!suite.testExecError && suite.failureMessage && suite.testResults.every((t) => t.status !== 'failed')) {
      reasons.push(`${file}: ${firstLines(suite.failureMessage)}`);
    }
  }
  return reasons.slice(0, MAX_REASONS);
}

class SummaryReporter {
  constructor(globalConfig) { this.globalConfig = globalConfig; }
  onRunComplete(_contexts, results) {
    const dir = process.env.PULSE_TEST_REPORT_DIR;
    if (!dir) return;
    const cwd = process.cwd();
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')).name;
    const kind = (this.globalConfig.testTimeout ?? 5000) > 5000 ? 'integration' : 'unit';
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `${pkg.replace(/[@/]/g, '_')}-${kind}-${process.pid}.json`), JSON.stringify({
      package: pkg, kind,
      passed: results.numPassedTests, failed: results.numFailedTests,
      skipped: results.numPendingTests + results.numTodoTests, suitesFailed: results.numFailedTestSuites,
      reasons: failureReasons(results),
    }));
  }
}
module.exports = SummaryReporter;
