/**
 * Canonical article URLs: the same article reached through a newsletter, a social share or a
 * second feed must produce the same string, so dedupe can key on it.
 */
import { ValidationError } from '@pulse/errors';

// Parameters that identify the visitor or the campaign, never the article.
const TRACKING_PARAMS = new Set([
  'fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id', 'igshid', 'igsh',
  'mc_cid', 'mc_eid', 'mkt_tok', '_hsenc', '_hsmi', '__hstc', '__hssc', '__hsfp', 'hsctatracking', '_ga', '_gl',
  'ref', 'ref_src', 'ref_url', 'referrer', 'cmpid', 'ncid', 'sr_share', 'spm', 's_cid', 'ito', 'icid',
  'at_medium', 'at_campaign', 'at_custom1', 'at_custom2', 'at_custom3', 'at_custom4', 'oly_enc_id', 'oly_anon_id',
  'vero_id', 'vero_conv', 'rb_clickid', 'wt.mc_id', 'wt_mc', 'cmp', 'ocid', 'smid', 'smtyp', 'sref', 'soc_src', 'soc_trk',
  'xtor', 'guccounter', 'guce_referrer', 'guce_referrer_sig', 'feature',
]);
const TRACKING_PREFIXES = ['utm_', 'pk_', 'mtm_', 'matomo_', 'hmb_', 'ga_'];

/** Whether a query parameter only tracks the visit (utm_*, fbclid, gclid, ...). */
export function isTrackingParam(name: string): boolean {
  const key = name.toLowerCase();
  return TRACKING_PARAMS.has(key) || TRACKING_PREFIXES.some((prefix) => key.startsWith(prefix));
}

/**
 * Canonical form of an http(s) URL: lower-case scheme and host (no trailing dot), default port
 * and fragment dropped, tracking parameters removed, remaining parameters sorted by name
 * (stable for repeated names), trailing slash removed from non-root paths, empty query removed.
 * Throws ValidationError for anything that is not an absolute http(s) URL.
 */
export function canonicalizeUrl(input: string, base?: string): string {
  let url: URL;
  try {
    url = new URL(input.trim(), base);
  } catch {
    throw new ValidationError('Not a valid URL', [`"${input.slice(0, 200)}" is not an absolute URL`]);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError('Only http and https URLs are accepted', [`scheme ${url.protocol} is not supported`]);
  }
  url.hash = '';
  url.username = '';
  url.password = '';
  url.hostname = url.hostname.replace(/\.+$/, ''); // WHATWG URL already lower-cases and drops default ports
  const kept = [...url.searchParams.entries()].filter(([name]) => !isTrackingParam(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)); // Array.sort is stable: repeated names keep their order
  url.search = kept.length === 0 ? '' : new URLSearchParams(kept).toString();
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '') || '/';
  return url.href;
}

/** canonicalizeUrl, or undefined instead of an error. */
export function tryCanonicalizeUrl(input: string, base?: string): string | undefined {
  try {
    return canonicalizeUrl(input, base);
  } catch {
    return undefined;
  }
}
