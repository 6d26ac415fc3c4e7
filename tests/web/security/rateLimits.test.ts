import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';

let web: LocalWebApp | undefined;

afterEach(async () => {
  await web?.app.close();
  web = undefined;
});

describe('the sign-in rate limit', () => {
  it('answers the 11th sign-in attempt from one address within a minute with 429 and Retry-After', async () => {
    web = await startLocalWebApp();
    const { browser } = web;
    const statuses: number[] = [];
    for (let attempt = 1; attempt <= 10; attempt += 1) {
      // Wrong and right choices alike count: a guess is an attempt.
      const userId = attempt % 2 === 0 ? 'director.julie' : 'nobody';
      // As a person would, from the sign-in page (a sign-in renews the CSRF secret its forms need).
      await browser.get(undefined, '/sign-in');
      statuses.push((await browser.post(undefined, '/sign-in', { userId })).statusCode);
    }
    expect(statuses).toEqual([400, 303, 400, 303, 400, 303, 400, 303, 400, 303]);

    const eleventh = await browser.post(undefined, '/sign-in', { userId: 'director.julie' });
    expect(eleventh.statusCode).toBe(429);
    const retryAfter = Number(eleventh.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(eleventh.headers['content-type']).toMatch(/^text\/html/);
    expect(eleventh.body).toContain('Too many sign-in attempts');
    expect(eleventh.body).toContain(`Wait ${retryAfter} seconds`);
    expect(eleventh.cookies.map((cookie) => cookie.name)).not.toContain('council-posts-session');
  });

  it('counts each address on its own', async () => {
    web = await startLocalWebApp({ config: { RATE_LIMIT_SIGN_IN_PER_MINUTE: 1 } });
    const signIn = (remoteAddress: string) =>
      web?.browser.send(undefined, {
        method: 'POST',
        url: '/sign-in',
        remoteAddress,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `_csrf=${encodeURIComponent(web.browser.token(undefined))}&userId=viewer.pat`,
      });
    await web.browser.get(undefined, '/sign-in');
    expect((await signIn('10.0.0.1'))?.statusCode).toBe(303);
    await web.browser.get(undefined, '/sign-in');
    expect((await signIn('10.0.0.1'))?.statusCode).toBe(429);
    expect((await signIn('10.0.0.2'))?.statusCode).toBe(303);
  });
});

describe('the command rate limit', () => {
  it('limits one person’s commands through the API and the forms together, and not another person’s', async () => {
    web = await startLocalWebApp({ config: { RATE_LIMIT_COMMANDS_PER_MINUTE: 3 } });
    const { browser, audit } = web;
    const apiCommand = (userId: string) =>
      browser.send(userId, {
        method: 'POST',
        url: '/api/posts/no-such-post/withdraw',
        headers: { 'idempotency-key': randomUUID(), 'x-csrf-token': browser.token(userId) },
        payload: { reason: 'Rate limit test' },
      });
    const formCommand = (userId: string) =>
      browser.post(userId, '/posts/no-such-post/withdraw', {
        idempotencyKey: randomUUID(),
        reason: 'Rate limit test',
      });
    await browser.signIn('hr.sam');
    await browser.signIn('director.julie');

    // Within the limit, each reaches the post service (which has no such post).
    expect((await apiCommand('hr.sam')).statusCode).toBe(404);
    expect((await formCommand('hr.sam')).statusCode).toBe(404);
    expect((await apiCommand('hr.sam')).statusCode).toBe(404);

    const api = await apiCommand('hr.sam');
    expect(api.statusCode).toBe(429);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(api.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(api.json()).toMatchObject({ status: 429, detail: expect.stringMatching(/at most 3 a minute/) });

    const form = await formCommand('hr.sam');
    expect(form.statusCode).toBe(429);
    expect(form.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(form.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(form.body).toContain('You have sent too many commands');

    // Another person's commands are counted apart.
    expect((await apiCommand('director.julie')).statusCode).toBe(404);

    const hrAttempts = (await audit.all()).filter((entry) => entry.actor.id === 'hr.sam');
    expect(hrAttempts.map((entry) => [entry.channel, entry.status])).toEqual([
      ['api', 404],
      ['form', 404],
      ['api', 404],
      ['api', 429],
      ['form', 429],
    ]);
    expect(hrAttempts.at(-1)).toMatchObject({
      outcome: 'refused',
      command: 'withdraw',
      refusal: 'more than 3 commands in a minute',
    });
  });
});
