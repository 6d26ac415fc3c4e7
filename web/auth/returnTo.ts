/**
 * Where a person goes after signing in: back to the page they asked for, but only ever a page of this
 * service. Anything that could leave the site (`https://…`, `//evil.example`, `/\evil.example`, which
 * browsers read as `//`) or loop back into signing in becomes the home page.
 */
const base = 'http://return-to.invalid';

/** Paths that never make sense to return to: signing in or out again. */
const notAfterSignIn = /^\/(?:sign-in|sign-out|signed-out)(?:[/?#]|$)/;

export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000) return '/';
  // Only a path of this site: one leading slash, no backslash, no control characters or spaces.
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s\p{Cc}]/u.test(value)) return '/';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return notAfterSignIn.test(path) ? '/' : path;
}

/** `/sign-in?returnTo=…` for a page a signed-out person asked for. */
export function signInPathFor(returnTo: string, ended?: string): string {
  const query = new URLSearchParams();
  const safe = safeReturnTo(returnTo);
  if (safe !== '/') query.set('returnTo', safe);
  if (ended) query.set('ended', ended);
  const text = query.toString();
  return text ? `/sign-in?${text}` : '/sign-in';
}
