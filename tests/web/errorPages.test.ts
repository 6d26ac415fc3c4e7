import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRefused, type PostService } from '../../temporal/postService.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { type LocalWebApp, startLocalWebApp } from './localWebApp.js';

// A PostService whose every call fails the way it is told to: Temporal busy, or a fault in the code.
let failure: unknown;
const failing = new Proxy(
  {},
  {
    get: (_target, name) =>
      name === 'directory'
        ? exampleDirectory()
        : async () => {
            throw failure;
          },
  },
) as PostService;

let web: LocalWebApp;

beforeAll(async () => {
  web = await startLocalWebApp({ posts: failing });
});

afterAll(async () => {
  await web?.app.close();
});

describe('a page whose request fails', () => {
  it('is a GOV.UK "service unavailable" page with when to try again when Temporal cannot answer', async () => {
    failure = new CommandRefused('unavailable', 'Temporal could not take the request now');
    const response = await web.browser.get('director.julie', '/posts/some-post.L1.P1');
    expect(response.statusCode).toBe(503);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['retry-after']).toBe('5');
    expect(response.body).toContain('Sorry, the service is unavailable');
    expect(response.body).not.toContain('tag:council-posts');
  });

  it('is a GOV.UK "problem with the service" page, with nothing of the error shown, for a fault', async () => {
    failure = new Error('secret internal detail');
    const response = await web.browser.get('director.julie', '/posts/some-post.L1.P1');
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Sorry, there is a problem with the service');
    expect(response.body).not.toContain('secret internal detail');
  });
});

describe('an address that is no page', () => {
  it.each([
    ['signed in', 'director.julie'],
    ['signed out', undefined],
  ])('is a GOV.UK "page not found" page, %s', async (_who, who) => {
    const response = await web.browser.get(who, '/audit');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('Page not found');
    expect(response.body).toContain('If you typed the web address, check it is correct.');
  });

  it('answers a form sent to it "page not found" too: nothing is changed, so no token is asked for', async () => {
    const response = await web.browser.send('director.julie', {
      method: 'POST',
      url: '/posts/some-post.L1.P1/no-such-command/really',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'reason=x',
    });
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Page not found');
  });

  it('leaves the API answering its own unknown paths with a problem', async () => {
    const response = await web.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});
