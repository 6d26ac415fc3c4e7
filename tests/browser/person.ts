import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import type { AccessibilityLog } from './accessibility.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An element's text with its markup's line breaks and indents folded to single spaces. */
export const textOf = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();

/** How long one browser action (a click, a field, a navigation) may take before it fails. */
const actionTimeout = 15_000;

/**
 * One demo user in a browser context of their own, so people's session cookies never mix. Every
 * page they arrive at is checked with axe-core before the journey goes on.
 */
export class Person {
  private constructor(
    readonly userId: string,
    readonly context: BrowserContext,
    readonly page: Page,
    private readonly accessibility: AccessibilityLog,
  ) {}

  /** A fresh browser context for someone, signed in to nothing yet. */
  static async open(
    browser: Browser,
    baseURL: string,
    userId: string,
    accessibility: AccessibilityLog,
  ): Promise<Person> {
    const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(actionTimeout);
    context.setDefaultNavigationTimeout(actionTimeout);
    return new Person(userId, context, await context.newPage(), accessibility);
  }

  /** Opens a fresh context and signs in on the sign-in page by choosing the user's name. */
  static async signIn(
    browser: Browser,
    baseURL: string,
    user: { id: string; name: string },
    accessibility: AccessibilityLog,
  ): Promise<Person> {
    const person = await Person.open(browser, baseURL, user.id, accessibility);
    await person.goTo('/sign-in', 'sign-in');
    await person.page.getByLabel(user.name, { exact: true }).check();
    await person.clickAndLoad(person.page.getByRole('button', { name: 'Sign in' }), 'home', /\/$/);
    return person;
  }

  /** Runs axe-core on the page as it is; serious and critical violations fail the test at its end. */
  async checkAccessibility(kind: string): Promise<void> {
    const checked = await this.accessibility.check(this.page, kind, this.userId);
    expect
      .soft(checked.violations, `accessibility of ${checked.where}:\n${checked.violations.join('\n')}`)
      .toEqual([]);
  }

  async goTo(path: string, kind: string): Promise<void> {
    await this.page.goto(path, { waitUntil: 'load' });
    await this.checkAccessibility(kind);
  }

  /**
   * Clicks something that loads a new document (a link, a form's button) and waits for that
   * document, even when its URL is the one already shown (a form shown again after POST).
   */
  async clickAndLoad(target: Locator, kind: string, url?: RegExp): Promise<void> {
    const navigated = this.page.waitForEvent('framenavigated', {
      predicate: (frame) => frame === this.page.mainFrame(),
    });
    await target.click();
    await navigated;
    await this.page.waitForLoadState('load');
    if (url) expect(this.page.url(), `the page after clicking ${target}`).toMatch(url);
    await this.checkAccessibility(kind);
  }

  /**
   * Reloads until the page shows what a workflow does on its own (a budget check, a timer):
   * there is no event to wait on in a server-rendered page, so the page is asked again.
   */
  async reloadUntil(what: string, shown: () => Promise<boolean>, kind: string, timeout = 30_000) {
    await vi.waitFor(
      async () => {
        await this.page.reload({ waitUntil: 'load' });
        if (!(await shown())) throw new Error(`the page at ${this.page.url()} does not show ${what} yet`);
      },
      { timeout, interval: 250 },
    );
    await this.checkAccessibility(kind);
  }

  /** A command form on the post page: a section named by its heading. */
  form(heading: string): Locator {
    return this.page.getByRole('region', { name: heading, exact: true });
  }

  /** The value of one row of the post's summary list, e.g. "Stage". */
  summary(key: string): Locator {
    return this.page
      .locator('.govuk-summary-list__row')
      .filter({ has: this.page.locator('dt', { hasText: new RegExp(`^\\s*${escapeRegExp(key)}\\s*$`) }) })
      .first()
      .locator('dd');
  }

  async stage(): Promise<string> {
    return textOf(await this.summary('Stage').textContent());
  }

  /** The success banner's text. */
  async banner(): Promise<string> {
    return textOf(await this.page.locator('.govuk-notification-banner--success').textContent());
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}

/** Runs one named step of the journey, failing with its name when it takes too long or goes wrong. */
export async function step<T>(name: string, run: () => Promise<T>, timeout = 45_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`step "${name}" did not finish within ${timeout / 1000} s`)),
      timeout,
    );
  });
  try {
    return await Promise.race([run(), overdue]);
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith('step "')) {
      error.message = `step "${name}": ${error.message}`;
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
