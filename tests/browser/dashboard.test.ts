import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config/index.js';
import { establishmentEventMessage } from '../../kafka/establishmentPublisher.js';
import { createProjectionConsumer, type ProjectionConsumer } from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import { connectClient } from '../../temporal/connection.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { projectionDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { brokerHarness, silent } from '../projections/brokerHarness.js';
import { baselineRecorded, postEvents } from '../projections/postEventFixtures.js';
import { exampleDirectory, exampleUser } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { AccessibilityLog } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { Person, step, textOf } from './person.js';

const screenshots = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const line = {
  serviceArea: "Children's Social Work",
  grade: 'C3',
  fte: 1,
  annualCostPence: 4_458_100,
  proposalTitle: 'Dash plan',
};
const fosteringLine = {
  serviceArea: 'Fostering',
  grade: 'SO1',
  fte: 1,
  annualCostPence: 3_000_000,
  jobTitle: 'Supervising social worker',
  proposalTitle: 'Fostering recruitment',
};
/** The seed's 71.5 vacancies in 500 FTE on 30 June 2022, by service area. */
const baseline = baselineRecorded('2022-06-30', [
  { serviceArea: "Children's Social Work", establishmentFte: 300, vacantFte: 40 },
  { serviceArea: 'Fostering', establishmentFte: 200, vacantFte: 31.5 },
]);
/** Widths at which the page must reflow without scrolling sideways (WCAG 1.4.10; a 390 px phone). */
const narrowWidths = [390, 320] as const;

describe('the dashboard in a browser', () => {
  let broker: Awaited<ReturnType<typeof brokerHarness>>;
  let topic: string;
  let projection: ProjectionConsumer;
  let client: Client;
  let app: FastifyInstance;
  let browser: Browser;
  let baseURL: string;
  const accessibility = new AccessibilityLog();
  const first = postEvents('dash.L1.P1', 'dash-plan');

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    broker = await brokerHarness();
    topic = await broker.freshTopic(2);
    const second = postEvents('dash.L1.P2', 'dash-plan');
    const third = postEvents('dash.L1.P3', 'dash-plan');
    const fostering = postEvents('fost.L1.P1', 'fost-plan');
    const message = establishmentEventMessage(baseline);
    await broker.publishRaw(topic, String(message.key), String(message.value));
    // A small plan against the baseline: one post approved and vacant, one filled, one waiting for a
    // decision; and a fostering post approved.
    await broker.publishEvents(topic, [
      fostering.proposed(0, fosteringLine),
      fostering.reserved(0, 3_000_000, 3_500_000),
      fostering.approved(3),
      first.proposed(0, line),
      first.reserved(0, 4_458_100, 150_000_000),
      first.approved(2),
      second.proposed(0, line),
      second.reserved(0, 4_458_100, 150_000_000, 8_916_200),
      second.approved(4),
      second.filled(60),
      third.proposed(1, { ...line, grade: 'SO1', fte: 0.5, annualCostPence: 2_000_000 }),
      third.reserved(1, 2_000_000, 150_000_000, 10_916_200),
    ]);
    projection = createProjectionConsumer({
      kafka: broker.kafka,
      topic,
      store: jsonFileSnapshotStore(join(await broker.scratchDirectory(), 'dashboard.json')),
      log: silent,
      groupId: `test-dashboard-${randomUUID()}`,
      settings: { internationalCap: { cap: 20, alreadyRecruited: 13 } },
    });
    await projection.start();
    await projection.caughtUp(60_000);

    const config: Config = { ...loadConfig(), AUTH_MODE: 'local', SESSION_SECRET: 'b'.repeat(40) };
    client = await connectClient(config);
    app = await createWebApp({
      authStores: memoryAuthStores(),
      config,
      posts: new PostService(client, config, exampleDirectory()),
      log: silent,
      dashboard: projectionDashboardSource(projection),
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    baseURL = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await projection?.stop();
    await client?.connection.close();
    await broker?.stop();
  });

  it('shows the figures against the baseline, by service area, with charts, at every width, and follows a new event', async () => {
    const user = exampleUser('viewer.pat');
    if (!user) throw new Error('no demo user viewer.pat');
    const viewer = await step('the viewer signs in', () =>
      Person.signIn(browser, baseURL, user, accessibility),
    );
    const { page } = viewer;
    const headline = (key: string) =>
      page.locator('.app-dashboard-headlines .govuk-summary-list__row', { hasText: key }).locator('dd');

    await step('the viewer opens the dashboard from the navigation', async () => {
      await viewer.clickAndLoad(
        page.getByRole('link', { name: 'Dashboard', exact: true }),
        'dashboard',
        /\/dashboard$/,
      );
      // (71.5 + 1 new post vacant in each service area) / (500 + 3 new posts)
      expect(textOf(await headline('Vacancy rate').textContent())).toBe('14.6%');
      expect(textOf(await headline('Vacant FTE').textContent())).toBe('73.5 of 503 establishment FTE');
      expect(textOf(await headline('Establishment baseline').textContent())).toBe(
        '500 FTE, 71.5 vacant, on 30 June 2022 (Scrutiny board minute), recorded by Sam Okafor',
      );
      expect(textOf(await headline('Budget committed').textContent())).toBe(
        '£139,162 of £1,535,000 committed (£1,395,838 headroom)',
      );
      expect(textOf(await headline('International recruits').textContent())).toBe('13 of a cap of 20');
      const stages = page.getByRole('table', { name: 'Posts by stage', exact: true });
      expect(textOf(await stages.getByRole('row', { name: /Awaiting approval/ }).textContent())).toBe(
        'Awaiting approval 1 0.5',
      );
      const areas = page.getByRole('table', { name: 'Vacancies by service area', exact: true });
      expect(textOf(await areas.locator('tbody').textContent())).toBe(
        "Children's Social Work 302 41 13.6% Fostering 201 32.5 16.2%",
      );
      const budget = page.getByRole('table', { name: 'Budget committed by proposal' });
      expect(textOf(await budget.locator('tbody').textContent())).toBe(
        'Dash plan £1,500,000 £109,162 7.3% £1,390,838 3 Fostering recruitment £35,000 £30,000 85.7% £5,000 1',
      );
      expect(await page.content()).not.toContain('dash-plan');
      await viewer.screenshot(join(screenshots, 'dashboard.png'));
    });

    await step('each chart is an image with a text alternative, its table beside it', async () => {
      for (const [chart, table] of [
        ['Posts by stage, week by week', 'Posts by stage, week by week'],
        ['Time in each stage: median and 90th percentile', 'Time in each stage'],
        ['Budget committed against allocation, by proposal', 'Budget committed by proposal'],
      ] as const) {
        // Named by its title and description: the title comes first (no character here is special in a RegExp).
        const image = page.getByRole('img', { name: new RegExp(`^${chart}`) });
        await expect.poll(() => image.isVisible()).toBe(true);
        const section = page.locator('.app-dashboard-table', { has: image });
        expect(await section.getByRole('table', { name: table, exact: true }).isVisible()).toBe(true);
        expect(
          await section.getByRole('link', { name: `Download ${table.toLowerCase()} (CSV)` }).count(),
        ).toBe(1);
      }
      const description = await page.locator('#chart-budget-desc').textContent();
      expect(description).toContain('Dash plan: 7.3%; Fostering recruitment: 85.7%');
      const xlsx = await page.request.get('/dashboard.xlsx');
      expect(xlsx.status()).toBe(200);
      expect(xlsx.headers()['content-type']).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );
    });

    await step('the viewer chooses one service area, without JavaScript needed', async () => {
      await page.getByLabel('Service area', { exact: true }).selectOption('Fostering');
      await viewer.clickAndLoad(
        page.getByRole('button', { name: 'Show figures' }),
        'dashboard for one service area',
        /\/dashboard\?serviceArea=Fostering$/,
      );
      expect(textOf(await page.getByRole('heading', { level: 2 }).first().textContent())).toBe('Fostering');
      expect(textOf(await headline('Vacancy rate').textContent())).toBe('16.2%');
      expect(textOf(await headline('Vacant FTE').textContent())).toBe('32.5 of 201 establishment FTE');
      const budget = page.getByRole('table', { name: 'Budget committed by proposal' });
      expect(textOf(await budget.locator('tbody').textContent())).toBe(
        'Fostering recruitment £35,000 £30,000 85.7% £5,000 1',
      );
      expect(
        await page
          .getByRole('link', { name: 'Download budget committed by proposal (CSV)' })
          .getAttribute('href'),
      ).toBe('/dashboard/budget.csv?serviceArea=Fostering');
      await page.getByLabel('Service area', { exact: true }).selectOption('');
      await viewer.clickAndLoad(
        page.getByRole('button', { name: 'Show figures' }),
        'dashboard',
        /\/dashboard\?serviceArea=$/,
      );
      expect(textOf(await headline('Vacancy rate').textContent())).toBe('14.6%');
    });

    for (const width of narrowWidths) {
      await step(`the dashboard reflows at ${width} px without scrolling sideways`, async () => {
        await page.setViewportSize({ width, height: 844 });
        await page.reload({ waitUntil: 'load' });
        const widths = await page.evaluate(() => {
          // document.documentElement.scrollWidth <= window.innerWidth (no DOM types in this project).
          const browserWindow = globalThis as unknown as {
            document: { documentElement: { scrollWidth: number } };
            innerWidth: number;
          };
          return {
            scroll: browserWindow.document.documentElement.scrollWidth,
            inner: browserWindow.innerWidth,
          };
        });
        expect(widths.scroll, `scrollWidth at ${width} px`).toBeLessThanOrEqual(widths.inner);
        // A table wider than the screen scrolls inside its region, which can be reached by keyboard.
        const region = page.getByRole('region', { name: 'Budget committed by proposal' });
        expect(await region.getAttribute('tabindex')).toBe('0');
        await viewer.checkAccessibility(`dashboard at ${width} px`);
        await viewer.screenshot(join(screenshots, `dashboard-${width}.png`));
      });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/dashboard', { waitUntil: 'load' });

    await step('a post is filled and the page follows through server-sent events', async () => {
      await page.evaluate(() => {
        (globalThis as { notReloaded?: boolean }).notReloaded = true;
      });
      await broker.publishEvents(topic, [first.filled(70)]);
      await expect
        .poll(async () => textOf(await headline('Vacancy rate').textContent()), { timeout: 30_000 })
        .toBe('14.4%');
      expect(textOf(await page.locator('#dashboard-status').textContent())).toMatch(/^Figures updated at/);
      expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await viewer.checkAccessibility('dashboard after an update');
    });
    await viewer.close();
  });
});
