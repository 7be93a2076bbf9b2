/**
 * Which text X turns into a link (counted as 23). X links only hosts with a top-level domain
 * from its list, and ends a link at the first character its path rules exclude. This module
 * errs toward "not a link" or "shorter link" wherever it is unsure: that can only make the
 * count higher than X's, never lower, so a composed post is never refused as too long.
 */

// Top-level domains X certainly links (checked against twitter-text in tests). A domain not
// listed is counted as plain text: a longer count, never a refused post.
const GENERIC_TLDS = [
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'mobi', 'asia', 'tel', 'travel', 'jobs',
  'aero', 'museum', 'coop', 'cat', 'app', 'dev', 'news', 'blog', 'tech', 'online', 'site', 'store', 'shop', 'xyz', 'club',
  'top', 'live', 'media', 'world', 'today', 'space', 'website', 'cloud', 'digital', 'network', 'email', 'agency', 'center',
  'company', 'global', 'group', 'systems', 'social', 'press', 'science', 'energy', 'finance', 'health', 'law', 'art',
];
const COUNTRY_TLDS = (
  'ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt bw by bz ca cc cd cf cg ' +
  'ch ci ck cl cm cn co cr cu cv cx cy cz de dj dk dm do dz ec ee eg er es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl ' +
  'gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky ' +
  'kz la lb lc li lk lr ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng ni ' +
  'nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd se sg sh si sk sl sm sn so ' +
  'sr st su sv sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw'
).split(' ');
export const X_LINKED_TLDS: ReadonlySet<string> = new Set([...GENERIC_TLDS, ...COUNTRY_TLDS]);

// Characters X allows inside a link (ASCII URL characters, Latin accents, Cyrillic), and the
// ones it allows at its end; anything else ends the link earlier.
export const X_PATH_CHARS = "a-z0-9!*';:=+,.$/%#\\[\\]\\-_~&|@?()\\u00c0-\\u024f\\u0400-\\u04ff";
const INSIDE = new RegExp(`^[${X_PATH_CHARS}]$`, 'i');
const QUERY_INSIDE = /^[a-z0-9!?*'();:&=+$/%#[\]\-_.,~|@]$/i;
const QUERY_AT_END = /^[a-z0-9\-_&=#/]$/i;
// Host names may use any script (IDN); they end at the first character no label can hold.
const HOST_CHAR = /^[\p{L}\p{N}.:-]$/u;
const AT_END = /^[a-z0-9=_#/+\-\u00c0-\u024f\u0400-\u04ff]$/i;
const HOST = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+([a-z]{2,}|xn--[a-z0-9-]+)$/iu;

/**
 * The part of a candidate URL X would link, at most: cut at the first character X excludes
 * and stripped of characters X does not end a link with.
 */
export function xLinkPrefix(candidate: string): string {
  const schemeEnd = candidate.indexOf('://') + 3;
  let end = schemeEnd;
  while (end < candidate.length && HOST_CHAR.test(candidate.charAt(end))) end += 1;
  let queryStart = -1;
  if (candidate.charAt(end) === '/' || candidate.charAt(end) === '?' || candidate.charAt(end) === '#') {
    // The query allows fewer characters than the path (no accents, no Cyrillic).
    const open: number[] = [];
    for (; end < candidate.length; end += 1) {
      const char = candidate.charAt(end);
      if (char === '?' && queryStart === -1) queryStart = end;
      if (!(queryStart === -1 ? INSIDE : QUERY_INSIDE).test(char)) break;
      // In the path X keeps only balanced parentheses ("Foo_(bar)").
      if (queryStart === -1 && char === '(') open.push(end);
      if (queryStart === -1 && char === ')') {
        if (open.length === 0) break;
        open.pop();
      }
    }
    const firstUnclosed = open[0];
    if (firstUnclosed !== undefined && (queryStart === -1 || firstUnclosed < queryStart)) {
      end = firstUnclosed;
      if (queryStart >= end) queryStart = -1;
    }
  }
  let out = candidate.slice(0, end);
  const endRule = (): RegExp => (queryStart !== -1 && out.length > queryStart ? QUERY_AT_END : AT_END);
  while (out.length > schemeEnd && !endRule().test(out.charAt(out.length - 1))) out = out.slice(0, -1);
  return out;
}

/** Whether X links this scheme URL (so it counts 23): a host with a listed ASCII TLD. */
export function xLinksUrl(url: string): boolean {
  const afterScheme = url.slice(url.indexOf('://') + 3);
  const host = afterScheme.split(/[/?#]/, 1)[0]?.replace(/:\d+$/, '') ?? '';
  const match = HOST.exec(host);
  const tld = match?.[1]?.toLowerCase();
  return tld !== undefined && (X_LINKED_TLDS.has(tld) || tld.startsWith('xn--'));
}
