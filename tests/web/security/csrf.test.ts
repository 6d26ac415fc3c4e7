import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostView } from '../../../contract/postView.js';
import { PostService } from '../../../temporal/postService.js';
import { type DevServerWorker, startDevServerWorker } from '../../support/devServerWorker.js';
import { exampleDirectory } from '../../support/exampleDirectory.js';
import { type LocalWebApp, startLocalWebApp } from '../localWebApp.js';
import { formEncoded } from '../pageBrowser.js';

let dev: DevServerWorker;
let posts: PostService;
let web: LocalWebApp;
let postId: string;
const started: string[] = [];

/** What a refused request must leave as it was: the post's stage and its decisions. */
async function stateOf(id: string): Promise<{ stage: string; decisions: string[] }> {
  const view: PostView = await posts.post(id);
  return { stage: view.stage, decisions: view.decisions.map((decision) => decision.action) };
}

async function waitForStage(id: string, stage: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while ((await posts.post(id).catch(() => undefined))?.stage !== stage) {
    if (Date.now() > deadline) throw new Error(`post ${id} did not reach ${stage}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const hiddenValue = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

beforeAll(async () => {
  dev = await startDevServerWorker();
  posts = new PostService(dev.client, dev.config, exampleDirectory());
  web = await startLocalWebApp({ posts, config: { ...dev.config, AUTH_MODE: 'local' } });
  // HR starts a single vacancy through its form, which carries the token of the page HR was shown.
  const form = await web.browser.get('hr.sam', '/vacancies/new');
  const proposalId = hiddenValue(form.body, 'proposalId');
  const response = await web.browser.post('hr.sam', '/vacancies', {
    proposalId,
    serviceArea: 'Social Work',
    jobTitle: 'Social worker (CSRF test)',
    grade: 'PO3',
    annualCost: '49,629',
    service: 'Children and Families',
    decisionMaker: 'director.julie',
    deputy: 'deputy.farrah',
    openForCallIn: 'no',
    confidential: 'no',
  });
  expect(response.statusCode, response.body.slice(0, 1000)).toBe(303);
  postId = `${proposalId}.L1.P1`;
  started.push(proposalId, `${proposalId}.budget`, postId, `${postId}.route`);
  await waitForStage(postId, 'awaiting-approval');
});

afterAll(async () => {
  for (const workflowId of started) {
    await dev.client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await web?.app.close();
  await dev?.stop();
});

describe('CSRF protection of the forms', () => {
  const decide = () => `/posts/${encodeURIComponent(postId)}/decide`;
  const approval = () => ({
    idempotencyKey: randomUUID(),
    decision: 'approve',
    reason: 'Within the allocation',
  });

  it('refuses a decision form without a token with 403, changing nothing', async () => {
    await web.browser.get('director.julie', `/posts/${encodeURIComponent(postId)}`);
    const before = await stateOf(postId);
    const response = await web.browser.post('director.julie', decide(), approval(), { csrf: false });
    expect(response.statusCode).toBe(403);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('This form could not be sent');
    expect(response.body).toContain('nothing was changed');
    expect(await stateOf(postId)).toEqual(before);
    expect(before).toEqual({ stage: 'awaiting-approval', decisions: ['budget check'] });
  });

  it('refuses a wrong token, and a token from another person’s browser, changing nothing', async () => {
    const before = await stateOf(postId);
    const wrong = await web.browser.post('director.julie', decide(), approval(), { csrf: 'not-a-token' });
    expect(wrong.statusCode).toBe(403);
    // A token is good only with the secret cookie of the browser it was made for.
    const anothers = await web.browser.post('director.julie', decide(), approval(), {
      csrf: web.browser.token('hr.sam'),
    });
    expect(anothers.statusCode).toBe(403);
    expect(await stateOf(postId)).toEqual(before);
  });

  it('takes the form with the token of a page the person was shown', async () => {
    const response = await web.browser.post('director.julie', decide(), approval());
    expect(response.statusCode, response.body.slice(0, 1000)).toBe(303);
    expect((await stateOf(postId)).decisions).toEqual(['budget check', 'approve']);
  });

  it('records the refused forms in the audit log as refused attempts, and the accepted one', async () => {
    const decisions = (await web.audit.forPost(postId)).filter((entry) => entry.command === 'decide');
    expect(decisions.map((entry) => [entry.outcome, entry.status, entry.refusal])).toEqual([
      ['refused', 403, 'the form did not carry a valid CSRF token'],
      ['refused', 403, 'the form did not carry a valid CSRF token'],
      ['refused', 403, 'the form did not carry a valid CSRF token'],
      ['accepted', 303, undefined],
    ]);
  });

  it('refuses a sign-in without a token: no session is made', async () => {
    for (const csrf of [false, 'forged'] as const) {
      const response = await web.browser.post(undefined, '/sign-in', { userId: 'director.julie' }, { csrf });
      expect(response.statusCode).toBe(403);
      expect(response.cookies.map((cookie) => cookie.name)).not.toContain('council-posts-session');
    }
  });

  it('refuses a sign-out without a token: the person stays signed in', async () => {
    const response = await web.browser.post('viewer.pat', '/sign-out', {}, { csrf: false });
    expect(response.statusCode).toBe(403);
    expect((await web.browser.get('viewer.pat', '/sign-in')).body).toContain('Signed in as Pat');
    const signedOut = await web.browser.post('viewer.pat', '/sign-out', {});
    expect(signedOut.statusCode).toBe(303);
  });
});

describe('CSRF protection of the API for a browser signed in with the session cookie', () => {
  const withdraw = () => `/api/posts/${encodeURIComponent(postId)}/withdraw`;
  const body = { reason: 'Funding moved to agency cover' };

  it('refuses what a form on another site could send (urlencoded, with the cookie): the API reads JSON only', async () => {
    await web.browser.get('hr.sam', '/');
    const before = await stateOf(postId);
    const response = await web.browser.send('hr.sam', {
      method: 'POST',
      url: withdraw(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: formEncoded(body),
    });
    // Refused before its body is read or its token looked for: 415, not the CSRF check's 403.
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await stateOf(postId)).toEqual(before);
  });

  it('refuses a JSON command without the X-CSRF-Token header, or with a wrong one, changing nothing', async () => {
    const before = await stateOf(postId);
    for (const token of [undefined, 'forged']) {
      const response = await web.browser.send('hr.sam', {
        method: 'POST',
        url: withdraw(),
        headers: { 'idempotency-key': randomUUID(), ...(token ? { 'x-csrf-token': token } : {}) },
        payload: body,
      });
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ status: 403, detail: expect.stringMatching(/x-csrf-token/) });
    }
    expect(await stateOf(postId)).toEqual(before);
  });

  it('takes the command with the token of a page, and audits the refusals and the acceptance', async () => {
    const response = await web.browser.send('hr.sam', {
      method: 'POST',
      url: withdraw(),
      headers: { 'idempotency-key': randomUUID(), 'x-csrf-token': web.browser.token('hr.sam') },
      payload: body,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect((await stateOf(postId)).stage).toBe('withdrawn');
    const withdrawals = (await web.audit.forPost(postId)).filter((entry) => entry.command === 'withdraw');
    expect(withdrawals.map((entry) => [entry.channel, entry.outcome, entry.status])).toEqual([
      ['api', 'refused', 415],
      ['api', 'refused', 403],
      ['api', 'refused', 403],
      ['api', 'accepted', 200],
    ]);
    expect(withdrawals[0]?.refusal).toMatch(/application\/json/);
    expect(withdrawals[1]?.refusal).toMatch(/x-csrf-token header/);
  });
});
