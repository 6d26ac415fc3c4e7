import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../config/index.js';
import type { StaffDirectory } from '../../directory/staffDirectory.js';
import { connectClient } from '../../temporal/connection.js';
import { PostService } from '../../temporal/postService.js';
import { createWebApp } from '../../web/app.js';
import { sessionCookie } from '../../web/auth/sessionCookie.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { memoryAuthStores } from '../support/memoryAuthStores.js';
import {
  freePort,
  startTestIdentityProvider,
  type TestIdentityProvider,
} from '../support/testIdentityProvider.js';
import { AccessibilityLog } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { Person, step, textOf } from './person.js';

const screenshots = fileURLToPath(new URL('../../test-artifacts/screenshots/', import.meta.url));

/** The pages this journey adds, each of which must have been checked with axe-core. */
const requiredPages = [
  'oidc sign-in',
  'home',
  'signed out',
  'sign-in refused',
  'api tokens',
  'api token created',
];

/** Entra ID group object ids, as the council's tenant would have them. */
const groups = {
  directors: '6f1c0d2e-1111-4a4a-9b9b-000000000001',
  hr: '6f1c0d2e-1111-4a4a-9b9b-000000000002',
  deputies: '6f1c0d2e-1111-4a4a-9b9b-000000000003',
  allStaff: '6f1c0d2e-1111-4a4a-9b9b-0000000000ff',
};

const accounts = {
  'julie.longworth': {
    name: 'Julie Longworth',
    email: 'julie.longworth@council.example',
    groups: [groups.allStaff, groups.directors, groups.hr],
  },
  'deputy.farrah': { name: 'Farrah Khan', email: 'farrah.khan@council.example', groups: [groups.deputies] },
  'canteen.worker': { name: 'Chris Canteen', email: 'chris@council.example', groups: [groups.allStaff] },
};

const client = { clientId: 'council-posts-test', clientSecret: 'a test client secret, long enough to pass' };

describe('signing in with the council’s identity provider (OpenID Connect) in a browser', () => {
  let provider: TestIdentityProvider;
  let temporal: Client;
  let browser: Browser;
  /** The web app, and one whose sessions idle out after 6 seconds. */
  const apps: { app: FastifyInstance; baseURL: string; directory: StaffDirectory }[] = [];
  const accessibility = new AccessibilityLog();

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    const ports = [await freePort(), await freePort()];
    const publicUrls = ports.map((port) => `http://127.0.0.1:${port}`);
    provider = await startTestIdentityProvider(accounts, { ...client, publicUrls });
    const base = loadConfig();
    temporal = await connectClient(base);
    for (const [index, port] of ports.entries()) {
      const config: Config = {
        ...base,
        AUTH_MODE: 'oidc',
        PUBLIC_URL: publicUrls[index] ?? '',
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: client.clientId,
        OIDC_CLIENT_SECRET: client.clientSecret,
        OIDC_ROLE_MAP: {
          [groups.directors]: ['director'],
          [groups.hr]: ['hr'],
          [groups.deputies]: ['deputy'],
        },
        // The second app: a session ends after 6 seconds without a request.
        SESSION_IDLE_MINUTES: index === 0 ? 30 : 0.1,
      };
      const directory = exampleDirectory();
      const app = await createWebApp({
        config,
        posts: new PostService(temporal, config, directory),
        log: pino({ level: 'silent' }),
        authStores: memoryAuthStores(),
      });
      await app.listen({ host: '127.0.0.1', port });
      apps.push({ app, baseURL: config.PUBLIC_URL, directory });
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    for (const { app } of apps) await app.close();
    await provider?.close();
    await temporal?.connection.close();
  });

  const app = (index: number) => {
    const found = apps[index];
    if (!found) throw new Error(`no app ${index}`);
    return found;
  };

  /** On the provider's own sign-in form (not this service's page, so not checked with axe). */
  async function signInAtProvider(person: Person, login: string, landsOn: string, url: RegExp) {
    const { page } = person;
    await page.getByPlaceholder('Enter any login').fill(login);
    await page.getByPlaceholder('and password').fill('any password will do');
    await person.clickAndLoad(page.getByRole('button', { name: 'Sign-in' }), landsOn, url);
  }

  it('signs a director in through the provider to their work list, and out again for good', async () => {
    const { baseURL, directory } = app(0);
    const julie = await Person.open(browser, baseURL, 'julie.longworth', accessibility);
    const { page } = julie;

    await step('the sign-in page sends her to the council’s sign-in', async () => {
      await julie.goTo('/sign-in', 'oidc sign-in');
      await julie.screenshot(join(screenshots, 'oidc-sign-in.png'));
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${provider.issuer}/**`);
    });

    await step('she signs in at the provider and lands on her approvals', async () => {
      await signInAtProvider(julie, 'julie.longworth', 'home', new RegExp(`^${baseURL}/$`));
      expect(textOf(await page.getByRole('heading', { level: 1 }).textContent())).toBe('Your work');
      expect(textOf(await page.locator('.app-signed-in-as').textContent())).toBe(
        'Signed in as Julie Longworth (hr and director)',
      );
      await julie.screenshot(join(screenshots, 'oidc-signed-in-home.png'));
      // The staff directory now knows her, with both roles her groups give.
      expect(directory.person('julie.longworth')).toMatchObject({
        name: 'Julie Longworth',
        email: 'julie.longworth@council.example',
        roles: ['hr', 'director'],
      });
    });

    const cookies = await julie.context.cookies(baseURL);
    const session = cookies.find((cookie) => cookie.name === sessionCookie);
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    const replay = { cookie: `${sessionCookie}=${session?.value}` };
    expect((await fetch(`${baseURL}/api/me`, { headers: replay })).status).toBe(200);

    await step('she signs out, at the provider too, and lands on the signed-out page', async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL(`${provider.issuer}/**`);
      await julie.clickAndLoad(
        page.getByRole('button', { name: 'Yes, sign me out' }),
        'signed out',
        new RegExp(`^${baseURL}/signed-out$`),
      );
      expect(textOf(await page.getByRole('heading', { level: 1 }).textContent())).toBe('You have signed out');
      await julie.screenshot(join(screenshots, 'oidc-signed-out.png'));
    });

    await step('her old session cookie, replayed, signs nobody in', async () => {
      const api = await fetch(`${baseURL}/api/me`, { headers: replay });
      expect(api.status).toBe(401);
      const home = await fetch(`${baseURL}/`, { headers: replay, redirect: 'manual' });
      expect(home.status).toBe(303);
      expect(home.headers.get('location')).toBe('/sign-in?ended=unknown');
    });
    await julie.close();
  });

  it('refuses someone whose groups give no role in the service, saying what to do', async () => {
    const { baseURL, directory } = app(0);
    const chris = await Person.open(browser, baseURL, 'canteen.worker', accessibility);
    await chris.goTo('/sign-in', 'oidc sign-in');
    await chris.page.getByRole('button', { name: 'Sign in' }).click();
    await chris.page.waitForURL(`${provider.issuer}/**`);
    await signInAtProvider(chris, 'canteen.worker', 'sign-in refused', /\/sign-in\/callback\?/);
    expect(textOf(await chris.page.locator('main').textContent())).toContain(
      'Your council account has no role in this service; ask your administrator to add you to a group',
    );
    await chris.screenshot(join(screenshots, 'oidc-no-role.png'));
    expect(directory.person('canteen.worker')).toBeUndefined();
    expect((await chris.context.cookies(baseURL)).map((cookie) => cookie.name)).not.toContain(sessionCookie);
    await chris.close();
  });

  it('ends an idle session, and signing in again returns to the page that was asked for', async () => {
    const { baseURL } = app(1);
    const farrah = await Person.open(browser, baseURL, 'deputy.farrah', accessibility);
    const { page } = farrah;

    await step('she asks for her API tokens, signs in, and gets there', async () => {
      await page.goto('/api-tokens', { waitUntil: 'load' });
      // Not signed in: the sign-in page, which knows where she was going.
      expect(page.url()).toBe(`${baseURL}/sign-in?returnTo=%2Fapi-tokens`);
      await farrah.checkAccessibility('oidc sign-in');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${provider.issuer}/**`);
      await signInAtProvider(farrah, 'deputy.farrah', 'api tokens', new RegExp(`^${baseURL}/api-tokens$`));
    });

    await step('she makes a token for the command-line tool', async () => {
      await page.getByLabel('Name', { exact: true }).fill('CLI on my laptop');
      await farrah.clickAndLoad(page.getByRole('button', { name: 'Create token' }), 'api token created');
      expect(textOf(await page.locator('#api-token').textContent())).toMatch(/^cpat_/);
      await farrah.screenshot(join(screenshots, 'api-token-created.png'));
    });

    await step('6 seconds idle: the session has ended, and the sign-in page says why', async () => {
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      await farrah.goTo('/api-tokens', 'oidc sign-in');
      expect(page.url()).toBe(`${baseURL}/sign-in?returnTo=%2Fapi-tokens&ended=idle`);
      expect(textOf(await page.locator('.govuk-inset-text').textContent())).toBe(
        'You were signed out because you had not used the service for 6 seconds. Sign in again to carry on.',
      );
      await farrah.screenshot(join(screenshots, 'oidc-session-ended.png'));
    });

    await step('signing in again (the provider still knows her) returns to her API tokens', async () => {
      await farrah.clickAndLoad(
        page.getByRole('button', { name: 'Sign in' }),
        'api tokens',
        new RegExp(`^${baseURL}/api-tokens$`),
      );
      expect(textOf(await page.getByRole('table').textContent())).toContain('CLI on my laptop');
      await farrah.screenshot(join(screenshots, 'api-tokens.png'));
    });
    await farrah.close();
  });

  it('checked every page it added with axe-core', () => {
    const checked = accessibility.kinds();
    expect(requiredPages.filter((kind) => !checked.has(kind))).toEqual([]);
  });
});
