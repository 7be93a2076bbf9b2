// Browser tests need Debian's chromium: installed once (idempotently) before any test runs.
module.exports = {
  ...require('../../jest.preset.js').integration,
  globalSetup: '<rootDir>/test/browser.global-setup.ts',
};
