import { describe, expect, it } from 'vitest';
import { memoryApiTokenStore } from '../../../auth/apiTokenStore.js';
import { sha256Hex } from '../../../auth/secrets.js';
import { memorySessionStore } from '../../../auth/sessionStore.js';
import { exampleDirectory } from '../../support/exampleDirectory.js';
import { type LocalWebApp, noPostsWith, startLocalWebApp } from '../localWebApp.js';

/** Makes a token on the API tokens page as this person; the token the page shows once. */
async function createToken(web: LocalWebApp, userId: string, name = 'CLI on my laptop'): Promise<string> {
  await web.browser.get(userId, '/api-tokens');
  const created = await web.browser.post(userId, '/api-tokens', { name, lifetimeDays: '30' });
  expect(created.statusCode, created.body.slice(0, 300)).toBe(200);
  expect(created.headers['cache-control']).toBe('no-store');
  const token = /<code id="api-token">([^<]+)<\/code>/.exec(created.body)?.[1];
  if (!token) throw new Error('the page shows no token');
  return token;
}

const withToken = (token: string) => ({ authorization: `Bearer ${token}` });

describe('personal access tokens made on the API tokens page', () => {
  it('are shown once, then let the API act as the person who made them, with their roles', async () => {
    const web = await startLocalWebApp();
    const token = await createToken(web, 'director.julie');
    expect(token).toMatch(/^cpat_/);

    const me = await web.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) });
    expect(me.json()).toMatchObject({ id: 'director.julie', roles: ['director'], signedInWith: 'api-token' });
    // A director's inbox is the director's: the token carries the role.
    const inbox = await web.app.inject({ method: 'GET', url: '/api/inbox', headers: withToken(token) });
    expect(inbox.statusCode).not.toBe(401);
    expect(inbox.statusCode).not.toBe(403);

    const list = await web.browser.get('director.julie', '/api-tokens');
    expect(list.body).toContain('CLI on my laptop');
    expect(list.body).not.toContain(token);
    await web.app.close();
  });

  it('stop working at once when revoked on the same page (401)', async () => {
    const web = await startLocalWebApp();
    const token = await createToken(web, 'hr.sam', 'Old script');
    const page = await web.browser.get('hr.sam', '/api-tokens');
    const revokeAction = /action="(\/api-tokens\/[0-9a-f-]+\/revoke)"/.exec(page.body)?.[1];
    if (!revokeAction) throw new Error('no revoke button');
    const revoked = await web.browser.post('hr.sam', revokeAction, {});
    expect(revoked.statusCode).toBe(303);
    const after = await web.browser.get('hr.sam', String(revoked.headers.location));
    expect(after.body).toContain('The token has been revoked.');
    expect(after.body).toContain('You have no API tokens.');
    const me = await web.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) });
    expect(me.statusCode).toBe(401);
    await web.app.close();
  });

  it('are kept only as their SHA-256 hash', async () => {
    const apiTokenStore = memoryApiTokenStore();
    const web = await startLocalWebApp({ authStores: { apiTokenStore, sessionStore: memorySessionStore() } });
    const token = await createToken(web, 'viewer.pat');
    const kept = JSON.stringify(await apiTokenStore.forUser('viewer.pat'));
    expect(kept).not.toContain(token);
    expect(await apiTokenStore.forUser('viewer.pat')).toEqual([
      expect.objectContaining({ userId: 'viewer.pat', name: 'CLI on my laptop', hash: sha256Hex(token) }),
    ]);
    await web.app.close();
  });

  it('can revoke themselves (the CLI’s logout), but never make or revoke other tokens', async () => {
    const web = await startLocalWebApp();
    const token = await createToken(web, 'hr.sam');
    const page = await web.app.inject({ method: 'GET', url: '/api-tokens', headers: withToken(token) });
    expect(page.statusCode).toBe(403);
    expect(page.body).toContain('API tokens are managed in the browser');
    const ended = await web.app.inject({ method: 'DELETE', url: '/api/me/token', headers: withToken(token) });
    expect(ended.statusCode).toBe(204);
    expect(
      (await web.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) })).statusCode,
    ).toBe(401);
    await web.app.close();
  });

  it('name each field that is wrong on the form', async () => {
    const web = await startLocalWebApp();
    await web.browser.get('hr.sam', '/api-tokens');
    const response = await web.browser.post('hr.sam', '/api-tokens', { name: ' ', lifetimeDays: '365' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain(
      '<a href="#name">Enter a name for the token, for example CLI on my laptop</a>',
    );
    expect(response.body).toContain('<a href="#lifetimeDays">Select how long the token lasts</a>');
    await web.app.close();
  });

  it('stop working when their person leaves the staff directory', async () => {
    const directory = exampleDirectory();
    const web = await startLocalWebApp({ posts: noPostsWith(directory) });
    const token = await createToken(web, 'finance.officer');
    const person = directory.person('finance.officer');
    if (!person) throw new Error('no finance.officer');
    await directory.store.upsertPerson({ ...person, active: false });
    expect(
      (await web.app.inject({ method: 'GET', url: '/api/me', headers: withToken(token) })).statusCode,
    ).toBe(401);
    await web.app.close();
  });
});
