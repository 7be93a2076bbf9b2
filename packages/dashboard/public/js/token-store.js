// @ts-check
// The signed-in token lives in sessionStorage: it survives a reload, not the closing of the tab.

const KEY = 'pulse.dashboard.token';

/** @returns {string | null} */
export function readToken() {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null; // storage disabled: the user signs in on every load
  }
}

/** @param {string} token */
export function saveToken(token) {
  try {
    sessionStorage.setItem(KEY, token);
  } catch {
    // storage disabled: the token still works for this page view
  }
}

export function clearToken() {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

/**
 * What the token says about itself (unverified: the API checks the signature). Null when it is not
 * a JWT. Shown so the user sees which tenant they are looking at, and refused early when expired.
 * @param {string} token
 * @returns {{ sub?: string, tenantId?: string, scopes?: string[], exp?: number } | null}
 */
export function peekClaims(token) {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const base64 = part.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(part.length / 4) * 4, '=');
    const json = new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

/**
 * The token as typed, without a `Bearer ` prefix or surrounding space.
 * @param {string} input
 */
export function cleanToken(input) {
  return input.trim().replace(/^Bearer\s+/i, '');
}
