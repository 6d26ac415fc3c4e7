import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie } from '../../../web/auth/sessionCookie.js';
import { exampleDirectory } from '../../support/exampleDirectory.js';
import { memoryAuthStores } from '../../support/memoryAuthStores.js';
import { type LocalWebApp, noPostsWith, startLocalWebApp } from '../localWebApp.js';
import { formEncoded } from '../pageBrowser.js';

let web: LocalWebApp | undefined;

afterEach(async () => {
  await web?.app.close();
  web = undefined;
});

/** A clock the test moves by hand, for the sessions' timeouts. */
function testClock() {
  let now = Date.parse('2026-03-02T09:00:00Z');
  return {
    now: () => now,
    advance: (millis: number) => {
      now += millis;
    },
  };
}

/** The session cookie a browser holds for this person, as a Cookie header value. */
function sessionOf(app: LocalWebApp, who: string): string {
  const cookie = app.browser
    .cookieHeader(who)
    .split('; ')
    .find((pair) => pair.startsWith(`${sessionCookie}=`));
  if (!cookie) throw new Error(`${who} has no session cookie`);
  return cookie;
}

/** Signs in on the local page from `/sign-in?…`, as a person would; the response of the form. */
async function signInFrom(app: LocalWebApp, who: string, signInPage: string, userId: string) {
  const page = await app.browser.send(who, { method: 'GET', url: signInPage });
  const returnTo = /name="returnTo" value="([^"]*)"/.exec(page.body)?.[1] ?? '';
  return app.browser.send(who, {
    method: 'POST',
    url: '/sign-in',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: formEncoded({
      _csrf: app.browser.token(who),
      userId,
      returnTo: returnTo.replaceAll('&amp;', '&'),
    }),
  });
}

describe('local sign-in on server-side sessions', () => {
  it('sends a signed-out person to sign in, then back to the page they asked for', async () => {
    web = await startLocalWebApp();
    const asked = await web.browser.send('sam', { method: 'GET', url: '/posts/seed.L1.P1/audit?page=2' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/sign-in?returnTo=%2Fposts%2Fseed.L1.P1%2Faudit%3Fpage%3D2');
    const signedIn = await signInFrom(web, 'sam', String(asked.headers.location), 'hr.sam');
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/posts/seed.L1.P1/audit?page=2');
  });

  it('sends a sign-in whose return address is absolute or off-site to the home page', async () => {
    web = await startLocalWebApp();
    for (const returnTo of [
      'https://evil.example/',
      '//evil.example',
      '/\\evil.example',
      'http://127.0.0.1:3000/',
    ]) {
      await web.browser.send(returnTo, { method: 'GET', url: '/sign-in' });
      const response = await web.browser.send(returnTo, {
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: formEncoded({ _csrf: web.browser.token(returnTo), userId: 'viewer.pat', returnTo }),
      });
      expect(response.headers.location, returnTo).toBe('/');
    }
    const page = await web.browser.send(undefined, {
      method: 'GET',
      url: '/sign-in?returnTo=https://evil.example',
    });
    expect(page.body).toContain('name="returnTo" value="/"');
  });

  it('sets an opaque, HTTP-only, SameSite=Lax session cookie, Secure when the service is on https', async () => {
    web = await startLocalWebApp();
    await web.browser.signIn('hr.sam');
    const cookie = sessionOf(web, 'hr.sam').split('=')[1] ?? '';
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie).not.toContain('hr.sam');
    await web.app.close();

    web = await startLocalWebApp({ config: { PUBLIC_URL: 'https://posts.council.example' } });
    await web.browser.send(undefined, { method: 'GET', url: '/sign-in' });
    const response = await web.browser.send(undefined, {
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formEncoded({ _csrf: web.browser.token(undefined), userId: 'hr.sam' }),
    });
    const session = response.cookies.find((one) => one.name === sessionCookie);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/', secure: true });
    const page = await web.browser.send(undefined, { method: 'GET', url: '/sign-in' });
    expect(page.cookies.find((one) => one.name === 'council-posts-csrf')).toMatchObject({ secure: true });
  });

  it('makes a new session id at each sign-in; the one before signs nobody in', async () => {
    web = await startLocalWebApp();
    await web.browser.signIn('hr.sam');
    const before = sessionOf(web, 'hr.sam');
    await signInFrom(web, 'hr.sam', '/sign-in', 'director.julie');
    const after = sessionOf(web, 'hr.sam');
    expect(after).not.toBe(before);
    const replayed = await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: before } });
    expect(replayed.statusCode).toBe(401);
    const current = await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: after } });
    expect(current.json()).toMatchObject({
      id: 'director.julie',
      roles: ['director'],
      signedInWith: 'session',
    });
  });

  it('ends the session on the server at sign-out: the old cookie, replayed, gets 401 and a redirect', async () => {
    web = await startLocalWebApp();
    await web.browser.signIn('hr.sam');
    const cookie = sessionOf(web, 'hr.sam');
    expect((await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(
      200,
    );

    const signedOut = await web.browser.post('hr.sam', '/sign-out', {});
    expect(signedOut.statusCode).toBe(303);
    expect(signedOut.headers.location).toBe('/sign-in');
    expect(signedOut.cookies.find((one) => one.name === sessionCookie)?.value).toBe('');

    const api = await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(api.statusCode).toBe(401);
    const page = await web.app.inject({ method: 'GET', url: '/api-tokens', headers: { cookie } });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/sign-in?returnTo=%2Fapi-tokens&ended=unknown');
  });

  it('ends a session left idle past SESSION_IDLE_MINUTES, says why, and returns to the page after signing in', async () => {
    const clock = testClock();
    web = await startLocalWebApp({ authStores: memoryAuthStores(clock.now) });
    await web.browser.signIn('hr.sam');
    clock.advance(29 * 60_000);
    expect((await web.browser.send('hr.sam', { method: 'GET', url: '/api-tokens' })).statusCode).toBe(200);
    clock.advance(30 * 60_000);
    const asked = await web.browser.send('hr.sam', { method: 'GET', url: '/api-tokens' });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/sign-in?returnTo=%2Fapi-tokens&ended=idle');
    const page = await web.browser.send('hr.sam', { method: 'GET', url: String(asked.headers.location) });
    expect(page.body).toContain('You were signed out because you had not used the service for 30 minutes');
    const again = await signInFrom(web, 'hr.sam', String(asked.headers.location), 'hr.sam');
    expect(again.headers.location).toBe('/api-tokens');
  });

  it('ends a session SESSION_ABSOLUTE_HOURS after sign-in, however busy', async () => {
    const clock = testClock();
    web = await startLocalWebApp({
      authStores: memoryAuthStores(clock.now),
      config: { SESSION_ABSOLUTE_HOURS: 2 },
    });
    await web.browser.signIn('viewer.pat');
    for (let minutes = 20; minutes < 120; minutes += 20) {
      clock.advance(20 * 60_000);
      expect((await web.browser.send('viewer.pat', { method: 'GET', url: '/api/me' })).statusCode).toBe(200);
    }
    clock.advance(20 * 60_000);
    const page = await web.browser.send('viewer.pat', { method: 'GET', url: '/' });
    expect(page.headers.location).toBe('/sign-in?ended=absolute');
  });

  it('ends the session of a person who leaves the staff directory', async () => {
    const directory = exampleDirectory();
    web = await startLocalWebApp({ posts: noPostsWith(directory) });
    await web.browser.signIn('viewer.pat');
    const cookie = sessionOf(web, 'viewer.pat');
    const person = directory.person('viewer.pat');
    if (!person) throw new Error('no viewer.pat');
    await directory.store.upsertPerson({ ...person, active: false });
    expect((await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
    // Back in the directory, the old session stays ended: they sign in again.
    await directory.store.upsertPerson(person);
    expect((await web.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(
      401,
    );
  });
});
