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
import { createProjectionConsumer, type ProjectionConsumer } from '../../projections/projectionConsumer.js';
import { jsonFileSnapshotStore } from '../../projections/snapshotStore.js';
import { connectClient } from '../../temporal/connection.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { projectionDashboardSource } from '../../web/dashboard/dashboardSource.js';
import { brokerHarness, silent } from '../projections/brokerHarness.js';
import { postEvents } from '../projections/postEventFixtures.js';
import { exampleDirectory, exampleUser } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import { AccessibilityLog } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { Person, step, textOf } from './person.js';

const screenshots = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));
const line = { serviceArea: "Children's Social Work", grade: 'C3', fte: 1, annualCostPence: 4_458_100 };

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
    // A small plan: one post approved and vacant, one filled, one waiting for a decision.
    await broker.publishEvents(topic, [
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

  it('shows the projected figures and follows a new event without a reload', async () => {
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
      expect(textOf(await headline('Vacancy rate').textContent())).toBe('50%');
      expect(textOf(await headline('Vacant FTE').textContent())).toBe('1 of 2 establishment FTE');
      expect(textOf(await headline('Budget committed').textContent())).toBe(
        'dash-plan: £109,162 of £1,500,000 committed (3 posts, £1,390,838 headroom)',
      );
      expect(textOf(await headline('International recruits').textContent())).toBe('13 of a cap of 20');
      const stages = page.getByRole('table', { name: /Posts by stage/ });
      expect(textOf(await stages.getByRole('row', { name: /Awaiting approval/ }).textContent())).toBe(
        'Awaiting approval 1 0.5',
      );
      const areas = page.getByRole('table', { name: 'Vacancies by service area' });
      expect(textOf(await areas.locator('tbody').textContent())).toBe("Children's Social Work 2 1 50%");
      await viewer.screenshot(join(screenshots, 'dashboard.png'));
    });

    await step('a post is filled and the page follows through server-sent events', async () => {
      await page.evaluate(() => {
        (globalThis as { notReloaded?: boolean }).notReloaded = true;
      });
      await broker.publishEvents(topic, [first.filled(70)]);
      await expect
        .poll(async () => textOf(await headline('Vacancy rate').textContent()), { timeout: 30_000 })
        .toBe('0%');
      expect(textOf(await page.locator('#dashboard-status').textContent())).toMatch(/^Figures updated at/);
      expect(await page.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
      await viewer.checkAccessibility('dashboard after an update');
    });
    await viewer.close();
  });
});
