import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditLog } from '../../audit/auditLog.js';
import { memoryAuditLog } from '../../audit/memoryAuditLog.js';
import type { Config } from '../../config/index.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { type DevServerWorker, startDevServerWorker } from '../support/devServerWorker.js';
import { exampleDirectory, examplePeople } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { PageBrowser } from './pageBrowser.js';

let dev: DevServerWorker;
let app: FastifyInstance;
let audit: AuditLog;
let browser: PageBrowser;
const started: string[] = [];

beforeAll(async () => {
  dev = await startDevServerWorker();
  const config: Config = { ...dev.config, AUTH_MODE: 'local', SESSION_SECRET: 'a'.repeat(40) };
  audit = memoryAuditLog();
  app = await createWebApp({
    authStores: memoryAuthStores(),
    config,
    posts: new PostService(dev.client, config, exampleDirectory()),
    log: pino({ level: 'silent' }),
    audit,
  });
  await app.ready();
  browser = new PageBrowser(app);
});

afterAll(async () => {
  // Proposals first, so none of them fails on a child that is already gone.
  for (const workflowId of started) {
    await dev.client.workflow
      .getHandle(workflowId)
      .terminate('test over')
      .catch(() => undefined);
  }
  await app?.close();
  await dev?.stop();
});

// --- the pages through a tiny browser, and the checks every page must pass ----------------------

const get = (userId: string | undefined, url: string) => browser.get(userId, url);

const post = (userId: string, url: string, form: Record<string, string | string[]>) =>
  browser.post(userId, url, form);

const titleOf = (html: string) => /<title[^>]*>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';

/** The value of a hidden field inside the form that posts to `action`. */
function hiddenValue(html: string, action: string, name: string): string {
  const start = html.indexOf(`action="${action}"`);
  expect(start, `a form posting to ${action}`).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  const value = new RegExp(`name="${name}" value="([^"]*)"`).exec(form)?.[1];
  if (value === undefined) throw new Error(`no ${name} in the form posting to ${action}`);
  return value;
}

/**
 * What every page must be: a title, exactly one h1, a skip link, and a label for every field a
 * person fills in (checked by id: each input, select and textarea has an id a <label for> names).
 */
function expectAccessiblePage(html: string): void {
  expect(titleOf(html)).not.toBe('');
  expect(html.match(/<h1[\s>]/g) ?? []).toHaveLength(1);
  expect(html).toContain('href="#main-content"');
  const labelled = new Set([...html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)].map((match) => match[1]));
  const fields = [...html.matchAll(/<(input|select|textarea)\b([^>]*)>/g)]
    .map((match) => match[2] ?? '')
    .filter((attributes) => !/type="(hidden|submit|button)"/.test(attributes));
  for (const attributes of fields) {
    const id = /\sid="([^"]+)"/.exec(attributes)?.[1];
    expect(id, `a field without an id: ${attributes}`).toBeDefined();
    expect(labelled.has(id), `no label for #${id}`).toBe(true);
  }
}

async function page(userId: string | undefined, url: string): Promise<string> {
  const response = await get(userId, url);
  expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  expectAccessiblePage(response.body);
  return response.body;
}

async function eventually<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  millis = 30_000,
): Promise<T> {
  const deadline = Date.now() + millis;
  for (;;) {
    const result = await attempt();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The seed's occupational therapy lines (paragraph 49): £44,581 × 2 and £38,867 × 1. */
function occupationalTherapyProposal(proposalId: string): Record<string, string> {
  return {
    proposalId,
    title: 'Occupational therapy posts (web test)',
    service: 'Children and Families',
    'reportDate-day': '30',
    'reportDate-month': '6',
    'reportDate-year': '2022',
    decisionMaker: 'director.julie',
    deputy: 'deputy.farrah',
    openForCallIn: 'no',
    confidential: 'no',
    allocation: '1,500,000',
    allocationName: '2022/23 revenue budget',
    'line0-serviceArea': 'Occupational Therapy',
    'line0-jobTitle': 'Community Occupational Therapists',
    'line0-grade': 'PO1',
    'line0-annualCost': '44,581',
    'line0-fte': '2',
    'line1-serviceArea': 'Occupational Therapy',
    'line1-jobTitle': 'Occupational Therapists',
    'line1-grade': 'SO1',
    'line1-annualCost': '38867.00',
    'line1-fte': '1',
  };
}

describe('signing in', () => {
  it('lists everyone in the staff directory on the sign-in page', async () => {
    const html = await page(undefined, '/sign-in');
    for (const user of examplePeople()) {
      expect(html).toContain(`value="${user.id}"`);
      expect(html).toContain(user.name.replaceAll("'", '&#39;'));
    }
  });

  it('sends a signed-out request for the home page to the sign-in page', async () => {
    const response = await get(undefined, '/');
    expect([302, 303]).toContain(response.statusCode);
    expect(response.headers.location).toBe('/sign-in');
  });

  it('asks again, with an error summary, when nobody is chosen', async () => {
    const response = await browser.post(undefined, '/sign-in', {});
    expect(response.statusCode).toBe(400);
    expect(titleOf(response.body)).toMatch(/^Error: /);
    expect(response.body).toContain('href="#userId"');
    expectAccessiblePage(response.body);
  });

  it('serves govuk-frontend’s stylesheet and fonts under /assets, and not its templates', async () => {
    const css = await app.inject({ method: 'GET', url: '/assets/govuk-frontend.min.css' });
    expect(css.statusCode).toBe(200);
    const font = /url\(\/assets\/(fonts\/[^)]+)\)/.exec(css.body)?.[1];
    expect((await app.inject({ method: 'GET', url: `/assets/${font}` })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/assets/template.njk' })).statusCode).toBe(404);
  });
});

describe('a proposal from the form to the director’s approval', () => {
  let proposalId: string;
  let postIds: string[];

  it('shows HR the running total of the lines against the allocation', async () => {
    const form = await page('hr.sam', '/proposals/new');
    proposalId = hiddenValue(form, '/proposals', 'proposalId');
    const response = await post('hr.sam', '/proposals', {
      ...occupationalTherapyProposal(proposalId),
      action: 'calculate',
    });
    expect(response.statusCode).toBe(200);
    expectAccessiblePage(response.body);
    expect(response.body).toContain('£128,029');
    expect(response.body).toMatch(/data-running-total-left-key>Left<\/dt>\s*<dd[^>]*>£1,371,971</);
  });

  it('starts the proposal for HR and shows its lines, totals and posts', async () => {
    const response = await post('hr.sam', '/proposals', {
      ...occupationalTherapyProposal(proposalId),
      action: 'submit',
    });
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(303);
    expect(response.headers.location).toBe(`/proposals/${proposalId}?done=proposal`);
    started.push(proposalId);
    postIds = [`${proposalId}.L1.P1`, `${proposalId}.L1.P2`, `${proposalId}.L2.P1`];
    started.push(...postIds, `${proposalId}.budget`);

    const html = await page('hr.sam', String(response.headers.location));
    expect(html).toContain('£128,029');
    expect(html).toContain('The proposal is submitted');
    for (const postId of postIds) expect(html).toContain(`href="/posts/${encodeURIComponent(postId)}"`);
  });

  it('refuses a proposal without a title, linking the error to the field', async () => {
    const { title: _title, ...withoutTitle } = occupationalTherapyProposal('proposal-untitled-test');
    const response = await post('hr.sam', '/proposals', { ...withoutTitle, action: 'submit' });
    expect(response.statusCode).toBe(400);
    expect(titleOf(response.body)).toMatch(/^Error: /);
    expect(response.body).toContain('<a href="#title">Enter the title of the report</a>');
    expect(response.body).toContain('govuk-error-message');
    expectAccessiblePage(response.body);
  });

  it('lists the new posts in the director’s inbox', async () => {
    // The home page shows the longest-waiting decisions first; the whole list is paged under
    // /work/decide, where the new posts are however many others wait (a shared test server).
    const home = (await get('director.julie', '/')).body;
    expectAccessiblePage(home);
    expect(home).toContain('Decisions waiting for you');
    const listed = await eventually('the posts in the inbox', async () => {
      let bodies = '';
      for (let page = 1; page <= 100; page += 1) {
        const body = (await get('director.julie', `/work/decide?page=${page}`)).body;
        bodies += body;
        if (!body.includes(`href="/work/decide?page=${page + 1}"`)) break;
      }
      return postIds.every((postId) => bodies.includes(postId)) ? bodies : undefined;
    });
    expect(listed).toContain(postIds[0]);
  });

  it('offers the approve form to the director and not to the union representative', async () => {
    const [postId = ''] = postIds;
    const director = await eventually('the post awaiting approval', async () => {
      const body = await page('director.julie', `/posts/${postId}`);
      return body.includes('Awaiting approval') ? body : undefined;
    });
    expect(director).toContain(`action="/posts/${encodeURIComponent(postId)}/decide"`);
    expect(director).toContain('value="approve"');
    expect(director).toContain('Occupational Therapy');
    expect(director).toContain('£44,581');

    const union = await page('union.unison', `/posts/${postId}`);
    expect(union).not.toContain('/decide"');
    expect(union).toContain('There is nothing for you to do on this post now.');
  });

  it('shows the decide form again with an error summary linking to the reason when none is given', async () => {
    const [postId = ''] = postIds;
    const html = await page('director.julie', `/posts/${postId}`);
    const action = `/posts/${encodeURIComponent(postId)}/decide`;
    const response = await post('director.julie', action, {
      idempotencyKey: hiddenValue(html, action, 'idempotencyKey'),
      decision: 'approve',
      reason: '',
    });
    expect(response.statusCode).toBe(400);
    expect(titleOf(response.body)).toMatch(/^Error: /);
    expect(response.body).toContain('govuk-error-summary');
    expect(response.body).toContain('<a href="#decide-reason">Enter the reason for your decision</a>');
    expect(response.body).toMatch(
      /id="decide-reason-error"[^>]*>\s*<span class="govuk-visually-hidden">Error:<\/span>/,
    );
    // What was chosen stays chosen.
    expect(response.body).toMatch(/value="approve" checked/);
    expectAccessiblePage(response.body);
  });

  it('moves the post to consultation when the director approves, once however often the form is sent', async () => {
    const [postId = ''] = postIds;
    const html = await page('director.julie', `/posts/${postId}`);
    const action = `/posts/${encodeURIComponent(postId)}/decide`;
    const form = {
      idempotencyKey: hiddenValue(html, action, 'idempotencyKey'),
      decision: 'approve',
      reason: 'Fits the transition plan and the allocation',
    };
    const first = await post('director.julie', action, form);
    expect(first.statusCode, first.body.slice(0, 2000)).toBe(303);
    expect(first.headers.location).toBe(`/posts/${encodeURIComponent(postId)}?done=decide`);
    const again = await post('director.julie', action, form);
    expect(again.statusCode).toBe(303);

    const after = await page('director.julie', String(first.headers.location));
    expect(after).toContain('Your decision is recorded.');
    expect(after).toContain('Consultation');
    expect(after).toContain('Fits the transition plan and the allocation');
    expect(after.match(/>\s*Approve\s*<\/td>/g) ?? []).toHaveLength(1);
    expect(after).not.toContain(`${action}"`);

    const union = await page('union.unison', `/posts/${postId}`);
    expect(union).toContain(`action="/posts/${encodeURIComponent(postId)}/record-consultation"`);
    expect(union).toContain('Record the trade union consultation response');
  });

  it('lists each decide form sent, refused or accepted, on the post’s audit page, linked from the post', async () => {
    const [postId = ''] = postIds;
    const postPath = `/posts/${encodeURIComponent(postId)}`;
    expect(await page('viewer.pat', postPath)).toContain(`href="${postPath}/audit"`);
    const entries = await audit.forPost(postId);
    expect(entries.map((entry) => [entry.actor.id, entry.command, entry.outcome, entry.status])).toEqual([
      ['director.julie', 'decide', 'refused', 400],
      ['director.julie', 'decide', 'accepted', 303],
      ['director.julie', 'decide', 'accepted', 303],
    ]);
    expect(entries[0]?.refusal).toBe('Enter the reason for your decision');
    // The same form sent twice: two attempts with one key, and one decision (see above).
    expect(entries[1]?.idempotencyKey).toBe(entries[2]?.idempotencyKey);

    const html = await page('viewer.pat', `${postPath}/audit`);
    expect(html).toContain('Refused (400)');
    expect(html).toContain('Enter the reason for your decision');
    expect(html.match(/>\s*Accepted\s*</g) ?? []).toHaveLength(2);
    expect(html).toContain('Fits the transition plan and the allocation');
    // A viewer reads a post's log; exporting the council's is for those who answer for the posts.
    expect(html).not.toContain('/api/audit.csv');
    expect(await page('director.julie', `${postPath}/audit`)).toContain(
      `href="/api/audit.csv?postId=${encodeURIComponent(postId)}"`,
    );
  });

  it('renders the other people’s home pages and HR’s forms accessibly', async () => {
    await page('hr.sam', '/');
    await page('union.unison', '/');
    await page('viewer.pat', '/');
    await page('hr.sam', '/vacancies/new');
    const [, , postId = ''] = postIds;
    await page('hr.sam', `/posts/${postId}`);
    await page('deputy.farrah', `/posts/${postId}`);
  });

  it('tells people who are not HR that they cannot create proposals', async () => {
    const response = await get('director.julie', '/proposals/new');
    expect(response.statusCode).toBe(403);
    expectAccessiblePage(response.body);
  });
});

describe('a single vacancy from the form to filled, through the pages alone', () => {
  let postId: string;
  const postUrl = () => `/posts/${encodeURIComponent(postId)}`;

  /** Sends the form posting to `/posts/:postId/<path>` as rendered for this person, with these fields. */
  async function send(userId: string, path: string, fields: Record<string, string | string[]>) {
    const html = await page(userId, postUrl());
    const action = `${postUrl()}/${path}`;
    const response = await post(userId, action, {
      idempotencyKey: hiddenValue(html, action, 'idempotencyKey'),
      ...fields,
    });
    expect(response.statusCode, response.body.slice(0, 3000)).toBe(303);
    return response;
  }

  it('starts a vacancy of one full-time post as a proposal of its own', async () => {
    const form = await page('hr.sam', '/vacancies/new');
    const proposalId = hiddenValue(form, '/vacancies', 'proposalId');
    const response = await post('hr.sam', '/vacancies', {
      proposalId,
      serviceArea: 'Social Work',
      jobTitle: 'Social worker apprentice',
      grade: 'C3',
      annualCost: '£35,419',
      service: 'Children and Families',
      decisionMaker: 'director.julie',
      deputy: 'deputy.farrah',
      openForCallIn: 'no',
      confidential: 'no',
    });
    expect(response.statusCode, response.body.slice(0, 2000)).toBe(303);
    postId = `${proposalId}.L1.P1`;
    started.push(proposalId, postId, `${postId}.route`, `${proposalId}.budget`);
    const html = await page('hr.sam', String(response.headers.location));
    expect(html).toContain('£35,419');
  });

  it('shows HR the workflow’s refusal when HR tries to decide', async () => {
    await eventually('the post awaiting approval', async () => {
      const body = await page('director.julie', postUrl());
      return body.includes('Awaiting approval') ? body : undefined;
    });
    const response = await post('hr.sam', `${postUrl()}/decide`, {
      idempotencyKey: crypto.randomUUID(),
      decision: 'approve',
      reason: 'I proposed it',
    });
    expect(response.statusCode).toBe(403);
    expect(titleOf(response.body)).toMatch(/^Error: /);
    expect(response.body).toContain('href="#actions"');
    expect(response.body).toContain('You cannot do this');
    expectAccessiblePage(response.body);
  });

  it('goes through approval, the three consultation responses, the apprenticeship route and is filled', async () => {
    await send('director.julie', 'decide', { decision: 'approve', reason: 'Grow our own social workers' });
    await send('union.unison', 'record-consultation', { outcome: 'no-concerns', summary: 'Welcomed' });
    await send('cllr.venner', 'record-consultation', { outcome: 'no-concerns', summary: 'Briefed' });
    await send('equality.lead', 'record-consultation', { outcome: 'no-concerns', summary: 'Screened' });

    const ready = await page('hr.sam', postUrl());
    expect(ready).toContain('Ready to recruit');
    // An advertised route needs applicants first: only the apprenticeship and Step Up are offered.
    expect(ready).toContain('value="apprenticeship"');
    expect(ready).not.toContain('value="standard"');
    await send('hr.sam', 'start-route', { route: 'apprenticeship', reason: 'A member of staff is ready' });

    const recruiting = await page('hr.sam', postUrl());
    expect(recruiting).toContain(`action="${postUrl()}/route/enrol-apprentice"`);
    const year = new Date().getUTCFullYear();
    const enrol = (expected: string) => ({
      employeeRef: 'emp-1042',
      provider: 'Leeds Beckett University',
      'startsOn-day': '1',
      'startsOn-month': '9',
      'startsOn-year': String(year),
      'expectedQualificationOn-day': '1',
      'expectedQualificationOn-month': '9',
      'expectedQualificationOn-year': expected,
    });
    const wrong = await post('hr.sam', `${postUrl()}/route/enrol-apprentice`, {
      idempotencyKey: crypto.randomUUID(),
      ...enrol('2'),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('href="#enrol-apprentice-expectedQualificationOn-day"');
    expectAccessiblePage(wrong.body);

    const enrolled = await send('hr.sam', 'route/enrol-apprentice', enrol(String(year + 2)));
    expect(await page('hr.sam', String(enrolled.headers.location))).toContain('The apprentice is enrolled');
    const filled = await eventually('the post filled', async () => {
      const body = await page('hr.sam', postUrl());
      return body.includes('Filled') ? body : undefined;
    });
    expect(filled).toContain('emp-1042');
    // The apprenticeship goes on after the post is filled, until the apprentice qualifies.
    expect(filled).toContain(`action="${postUrl()}/route/record-qualification"`);
  });
});
