// @ts-check
// htm turns tagged templates into Preact elements: components without JSX and without a build step.
import { h } from '../vendor/preact.mjs';
import htm from '../vendor/htm.mjs';

/** @type {(strings: TemplateStringsArray, ...values: unknown[]) => import('preact').VNode<any>} */
export const html = /** @type {any} */ (htm.bind(h));
