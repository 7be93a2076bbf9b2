// Types for the page's `import ... from '../vendor/preact.mjs'` (served from the preact package).
export * from 'preact';
