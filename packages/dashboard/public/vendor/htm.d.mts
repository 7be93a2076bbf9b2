// Types for the page's `import htm from '../vendor/htm.mjs'` (served from the htm package).
export { default } from 'htm';
