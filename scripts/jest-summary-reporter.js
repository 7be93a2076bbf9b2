// A jest reporter that records this run's counts for scripts/test-summary.js (npm test's last line).
const fs = require('node:fs');
const path = require('node:path');

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
    }));
  }
}
module.exports = SummaryReporter;
