import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config/index.js';
import { endOfLondonDay } from '../../domain/workingDays.js';
import { createWebApp } from '../../web/app.js';
import { exampleDirectory, exampleUser } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { startTimeSkippingPosts, type TimeSkippingPosts } from '../support/timeSkippingPostWorker.js';
import { AccessibilityLog } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { consultees, occupationalTherapyLines, preEmploymentChecks } from './journeyFixtures.js';
import { asLongDate, decisionWithReason, fillDate, fillPostLine, pageWidths } from './pageForms.js';
import { Person, step, textOf } from './person.js';
import { TimeSkippingPostService } from './timeSkippingPostService.js';

const screenshots = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** The kinds of page the journey must have checked with axe-core. */
const requiredPages = ['sign-in', 'home', 'inbox', 'proposal form', 'proposal page', 'post page'];

describe('the browser journey of occupational therapy posts', () => {
  let posts: TimeSkippingPosts;
  let app: FastifyInstance;
  let browser: Browser;
  let baseURL: string;
  const accessibility = new AccessibilityLog();

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    // The post waits for the advert's closing date, days ahead, on a durable timer. The dev server
    // runs in real time and cannot skip that timer, so the web app and a real worker both run on
    // the time-skipping test server, where posts.env.sleep moves its clock past the closing date.
    posts = await startTimeSkippingPosts('browser-journey');
    const config: Config = { ...loadConfig(), AUTH_MODE: 'local', TEMPORAL_TASK_QUEUE: posts.taskQueue };
    app = await createWebApp({
      authStores: memoryAuthStores(),
      config,
      posts: new TimeSkippingPostService(posts.client, config, exampleDirectory()),
      log: pino({ level: 'silent' }),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await posts?.stop();
  });

  /** The link to a post in a list: lists name posts by job title and show the post id beside it. */
  const linkToPost = (scope: Page | Locator, postId: string) =>
    scope.getByRole('row').filter({ hasText: postId }).getByRole('link').first();

  const signIn = (userId: string) => {
    const user = exampleUser(userId);
    if (!user) throw new Error(`no demo user ${userId}`);
    return Person.signIn(browser, baseURL, user, accessibility);
  };

  it('takes a proposed post through approval, consultation, an advert and the standard route to filled', async () => {
    const hr = await step('HR signs in', () => signIn('hr.sam'));
    expect(textOf(await hr.page.getByRole('heading', { level: 1 }).textContent())).toBe('Your work');

    await step('HR enters the occupational therapy lines and calculates the total', async () => {
      const { page } = hr;
      await hr.clickAndLoad(
        page.getByRole('link', { name: 'Create a proposal', exact: true }).first(),
        'proposal form',
        /\/proposals\/new$/,
      );
      await page.getByLabel('Title', { exact: true }).fill('Occupational therapy posts (browser journey)');
      await page
        .getByRole('group', { name: 'Is the decision open for call-in?' })
        .getByLabel('No', { exact: true })
        .check();
      await page.getByLabel('Allocation', { exact: true }).fill('150,000');
      await page.getByLabel('Name of the allocation', { exact: true }).fill('2022/23 revenue budget');
      const [first, second] = occupationalTherapyLines;
      if (!first || !second) throw new Error('two lines expected');
      await fillPostLine(page, 1, first);
      // MOJ Frontend's add-another: with JavaScript the second line is added in the page.
      await page.getByRole('button', { name: 'Add another post line' }).click();
      await fillPostLine(page, 2, second);
      await hr.clickAndLoad(
        page.getByRole('button', { name: 'Calculate total' }),
        'proposal form',
        /\/proposals$/,
      );
      const figure = (key: string) =>
        page.locator('#running-total .govuk-summary-list__row').filter({ hasText: key }).locator('dd');
      expect(textOf(await figure('Total').textContent())).toBe('3 posts, 3 FTE: £128,029 a year');
      expect(textOf(await figure('Allocation').textContent())).toBe('£150,000');
      expect(textOf(await figure('Left').textContent())).toBe('£21,971');
    });

    const proposalId = await step('HR submits the proposal and sees its posts', async () => {
      await hr.clickAndLoad(
        hr.page.getByRole('button', { name: 'Submit proposal' }),
        'proposal page',
        /\/proposals\/[^/?]+\?done=proposal$/,
      );
      expect(await hr.banner()).toContain('The proposal is submitted.');
      expect(textOf(await hr.summary('Total of the lines').textContent())).toBe('£128,029 a year');
      return decodeURIComponent(new URL(hr.page.url()).pathname.split('/').at(-1) ?? '');
    });
    const [approvedPost, waitingPost, sentBackPost] = ['L1.P1', 'L1.P2', 'L2.P1'].map(
      (suffix) => `${proposalId}.${suffix}`,
    );
    if (!approvedPost || !waitingPost || !sentBackPost) throw new Error('three posts expected');
    for (const postId of [approvedPost, waitingPost, sentBackPost]) {
      expect(await linkToPost(hr.page, postId).count()).toBe(1);
    }

    const director = await step('the director sees the three posts in the approvals inbox', async () => {
      const person = await signIn('director.julie');
      const inbox = person.page.getByRole('table', { name: /^Decisions waiting for you/ });
      await person.reloadUntil(
        'the three posts awaiting approval',
        async () => {
          for (const postId of [approvedPost, waitingPost, sentBackPost]) {
            const row = inbox
              .getByRole('row')
              .filter({ hasText: postId })
              .filter({ hasText: 'Awaiting approval' });
            if ((await row.count()) !== 1) return false;
          }
          return true;
        },
        'inbox',
      );
      expect(textOf(await person.page.getByRole('heading', { level: 1 }).textContent())).toBe('Your work');
      await person.screenshot(`${screenshots}inbox.png`);
      return person;
    });

    const approval = 'Fits the transition plan: the OT waiting list is 246 children';
    await step('the director approves the first post', async () => {
      await director.clickAndLoad(linkToPost(director.page, approvedPost), 'post page', /\/posts\/[^/?]+$/);
      expect(await director.stage()).toBe('Awaiting approval');
      const decide = director.form('Decide on this post');
      await decide.getByLabel('Approve', { exact: true }).check();
      await decide.getByLabel('Reason for your decision', { exact: true }).fill(approval);
      await director.clickAndLoad(
        decide.getByRole('button', { name: 'Record decision' }),
        'post page',
        /\?done=decide$/,
      );
      expect(await director.banner()).toContain('Your decision is recorded.');
      expect(await director.stage()).toBe('Consultation');
      const [, what, who, authority] = await decisionWithReason(director.page, approval);
      expect([what, who, authority]).toEqual(['Approve', 'Julie Longworth (director)', 'director']);
      // The decision is made: the form is no longer offered.
      expect(await director.form('Decide on this post').count()).toBe(0);
    });

    const sendBack = 'Use the SO1 grade only after the PO1 posts are filled; revise the justification';
    await step('the director sends another post back with a reason', async () => {
      await director.clickAndLoad(
        director.page.getByRole('link', { name: 'Home', exact: true }),
        'inbox',
        /\/$/,
      );
      const inbox = director.page.getByRole('table', { name: /^Decisions waiting for you/ });
      expect(await linkToPost(inbox, approvedPost).count()).toBe(0);
      await director.clickAndLoad(linkToPost(inbox, sentBackPost), 'post page', /\/posts\/[^/?]+$/);
      const decide = director.form('Decide on this post');
      await decide.getByLabel('Send back for changes', { exact: true }).check();
      await decide.getByLabel('Reason for your decision', { exact: true }).fill(sendBack);
      await director.clickAndLoad(
        decide.getByRole('button', { name: 'Record decision' }),
        'post page',
        /\?done=decide$/,
      );
      expect(await director.stage()).toBe('Sent back');
      const [, what, who] = await decisionWithReason(director.page, sendBack);
      expect([what, who]).toEqual(['Send back', 'Julie Longworth (director)']);
      await director.close();
    });

    for (const consultee of consultees) {
      await step(`${consultee.userId} records their consultation response`, async () => {
        const person = await signIn(consultee.userId);
        await person.clickAndLoad(linkToPost(person.page, approvedPost), 'post page', /\/posts\/[^/?]+$/);
        const form = person.form(consultee.heading);
        await form.getByLabel(consultee.noConcerns, { exact: true }).check();
        await form.getByLabel(consultee.summaryLabel, { exact: true }).fill(consultee.summary);
        await person.clickAndLoad(
          form.getByRole('button', { name: 'Record response' }),
          'post page',
          /\?done=record-consultation$/,
        );
        expect(await person.banner()).toContain('Your consultation response is recorded.');
        // Their own answer is marked as theirs and says who recorded it, by name.
        const answer = textOf(await person.summary(consultee.row).textContent());
        expect(answer).toContain(`Your response No concerns: ${consultee.summary}`);
        expect(answer).toContain(`Recorded by ${exampleUser(consultee.userId).name},`);
        await person.close();
      });
    }

    const closesOn = await posts.workingDaysFromNow(3);
    await step('HR publishes an advert once the post is ready to recruit', async () => {
      await hr.clickAndLoad(hr.page.getByRole('link', { name: 'Home', exact: true }), 'home', /\/$/);
      const table = hr.page.getByRole('table', { name: 'All posts', exact: true });
      expect(textOf(await table.getByRole('row').filter({ hasText: sentBackPost }).textContent())).toContain(
        'Sent back',
      );
      await hr.clickAndLoad(linkToPost(table, approvedPost), 'post page', /\/posts\/[^/?]+$/);
      // Not open for call-in: the last consultation response makes the post ready to recruit.
      expect(await hr.stage()).toBe('Ready to recruit');
      expect(await hr.summary('Call-in').count()).toBe(0);
      const advert = hr.form('Publish an advert');
      await advert.getByLabel('Council jobs page', { exact: true }).check();
      await advert.getByLabel('Professional boards', { exact: true }).check();
      await fillDate(advert.getByRole('group', { name: 'Closing date', exact: true }), closesOn);
      expect(await advert.getByLabel('External: anyone may apply', { exact: true }).isChecked()).toBe(true);
      await hr.clickAndLoad(
        advert.getByRole('button', { name: 'Publish advert' }),
        'post page',
        /\?done=publish-advert$/,
      );
      expect(await hr.stage()).toBe('Advertised');
      expect(textOf(await hr.summary('Adverts').textContent())).toBe(`1, closing ${asLongDate(closesOn)}`);
    });

    await step(
      'the closing date passes and the post waits for applications',
      async () => {
        await posts.env.sleep(endOfLondonDay(closesOn) + 60_000 - (await posts.env.currentTimeMs()));
        // The post's own address, so the advert's success banner is not shown again.
        await hr.goTo(`/posts/${encodeURIComponent(approvedPost)}`, 'post page');
        await hr.reloadUntil(
          'the advert closed',
          async () => (await hr.stage()) === 'Awaiting applications',
          'post page',
        );
        await hr.screenshot(`${screenshots}post-mid-way.png`);
      },
      90_000,
    );

    await step('HR records the applications and starts the standard route', async () => {
      const applications = hr.form('Record applications');
      await applications.getByLabel('Applications received', { exact: true }).fill('9');
      await applications.getByLabel('Suitable applicants', { exact: true }).fill('3');
      await hr.clickAndLoad(
        applications.getByRole('button', { name: 'Record applications' }),
        'post page',
        /\?done=record-applications$/,
      );
      expect(await hr.stage()).toBe('Applicants available');
      const route = hr.form('Start the recruitment route');
      await route.getByLabel('Standard', { exact: true }).check();
      await route.getByLabel('Why this route', { exact: true }).fill('Three suitable applicants');
      await hr.clickAndLoad(
        route.getByRole('button', { name: 'Start route' }),
        'post page',
        /\?done=start-route$/,
      );
      expect(await hr.stage()).toBe('Recruiting');
      expect(textOf(await hr.summary('Route').textContent())).toBe('Standard');
    });

    await step('HR records the shortlist, the interview, the offer and its acceptance', async () => {
      const shortlist = hr.form('Shortlist candidates');
      await shortlist.getByLabel('Shortlisted candidates', { exact: true }).fill('cand-0042\ncand-0043');
      await hr.clickAndLoad(
        shortlist.getByRole('button', { name: 'Record shortlist' }),
        'post page',
        /done=shortlist$/,
      );
      expect(textOf(await hr.summary('Shortlisted').textContent())).toBe('cand-0042, cand-0043');

      const interview = hr.form('Record an interview');
      await interview.getByLabel('Candidate', { exact: true }).fill('cand-0042');
      await interview.getByLabel('Appointable', { exact: true }).check();
      await hr.clickAndLoad(
        interview.getByRole('button', { name: 'Record interview' }),
        'post page',
        /done=record-interview$/,
      );
      expect(textOf(await hr.summary('Appointable').textContent())).toBe('cand-0042');

      const offer = hr.form('Make an offer');
      expect(await offer.getByLabel('Candidate', { exact: true }).inputValue()).toBe('cand-0042');
      await hr.clickAndLoad(
        offer.getByRole('button', { name: 'Make offer' }),
        'post page',
        /done=make-offer$/,
      );
      expect(textOf(await hr.summary('Offered to').textContent())).toBe('cand-0042');

      const response = hr.form('Record the response to the offer');
      expect(await response.getByLabel('Candidate', { exact: true }).inputValue()).toBe('cand-0042');
      await response.getByLabel('Accepted', { exact: true }).check();
      await hr.clickAndLoad(
        response.getByRole('button', { name: 'Record response' }),
        'post page',
        /done=record-offer-response$/,
      );
      expect(textOf(await hr.summary('Accepted by').textContent())).toBe('cand-0042');
    });

    await step('HR records the four pre-employment checks as clear', async () => {
      for (const check of preEmploymentChecks) {
        const form = hr.form('Record a pre-employment check');
        await form.getByLabel(check.label, { exact: true }).check();
        await form.getByLabel('Clear', { exact: true }).check();
        if (check.register) {
          await form.getByLabel('Health and Care Professions Council (HCPC)', { exact: true }).check();
        }
        await hr.clickAndLoad(
          form.getByRole('button', { name: 'Record check' }),
          'post page',
          /done=record-check$/,
        );
        expect(await hr.banner()).toContain('The check is recorded.');
        expect(textOf(await hr.summary(check.row).textContent())).toBe('Clear');
      }
    });

    const startsOn = await posts.workingDaysFromNow(20);
    await step('HR confirms the start date and the post is filled', async () => {
      const start = hr.form('Confirm the start date');
      expect(await start.getByLabel('Person starting', { exact: true }).inputValue()).toBe('cand-0042');
      await fillDate(start.getByRole('group', { name: 'Start date', exact: true }), startsOn);
      await hr.clickAndLoad(
        start.getByRole('button', { name: 'Confirm start' }),
        'post page',
        /done=confirm-start$/,
      );
      await hr.reloadUntil('the post filled', async () => (await hr.stage()) === 'Filled', 'post page');
      expect(textOf(await hr.summary('Filled by').textContent())).toBe(
        `cand-0042, starting ${asLongDate(startsOn)}`,
      );
      expect(textOf(await hr.page.locator('#main-content').textContent())).toContain(
        'There is nothing for you to do on this post now.',
      );
      await hr.screenshot(`${screenshots}post-filled.png`);
    });

    await step(
      'every page HR and the director use reflows at 390 and 320 px',
      async () => {
        // The director's earlier window is closed: a fresh one.
        const director = await signIn('director.julie');
        const pages: [Person, string, string][] = [
          [hr, '/', 'home'],
          [hr, '/proposals/new', 'proposal form'],
          [hr, `/proposals/${encodeURIComponent(proposalId)}`, 'proposal page'],
          [hr, `/posts/${encodeURIComponent(approvedPost)}`, 'post page'],
          [hr, `/posts/${encodeURIComponent(approvedPost)}/audit`, 'audit page'],
          [hr, '/posts', 'posts list'],
          [hr, '/proposals', 'proposals list'],
          [hr, '/api-tokens', 'API tokens'],
          [director, '/', 'inbox'],
          [director, `/posts/${encodeURIComponent(waitingPost)}`, 'post page'],
          [director, '/leave', 'leave'],
        ];
        for (const width of [390, 320]) {
          for (const [person, path, kind] of pages) {
            await person.page.setViewportSize({ width, height: 844 });
            await person.goTo(path, kind);
            const widths = await pageWidths(person.page);
            expect
              .soft(widths.scroll, `${path} (${person.userId}) is wider than ${width} px`)
              .toBeLessThanOrEqual(widths.inner);
          }
        }
        await hr.page.setViewportSize({ width: 320, height: 844 });
        await hr.goTo(`/posts/${encodeURIComponent(approvedPost)}`, 'post page');
        await hr.screenshot(`${screenshots}post-320.png`);
        await hr.page.setViewportSize({ width: 1280, height: 900 });
        await director.close();
      },
      120_000,
    );

    const checkedKinds = accessibility.kinds();
    expect(
      requiredPages.filter((kind) => !checkedKinds.has(kind)),
      `pages checked with axe-core: ${[...checkedKinds].join(', ')}`,
    ).toEqual([]);
  }, 300_000);
});
