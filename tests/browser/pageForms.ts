import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { occupationalTherapyLines } from './journeyFixtures.js';

type PostLineEntry = (typeof occupationalTherapyLines)[number];

const longDate = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
/** An ISO date as the pages show it: "30 June 2022". */
export const asLongDate = (iso: string) => longDate.format(new Date(`${iso}T00:00:00Z`));

/** Fills a GOV.UK date input (a fieldset of Day, Month and Year) with an ISO date. */
export async function fillDate(group: Locator, iso: string): Promise<void> {
  const [year = '', month = '', day = ''] = iso.split('-');
  await group.getByLabel('Day', { exact: true }).fill(String(Number(day)));
  await group.getByLabel('Month', { exact: true }).fill(String(Number(month)));
  await group.getByLabel('Year', { exact: true }).fill(year);
}

/**
 * Fills one post line of the proposal form. A line MOJ Frontend's add-another added in the page says
 * so to screen readers ("Post line 2 (added)"), so the group's name is matched from its start.
 */
export async function fillPostLine(page: Page, line: number, values: PostLineEntry) {
  const group = page.getByRole('group', { name: new RegExp(`^Post line ${line}\\b`) });
  // Not exact: a label names its line after it ("Service area for Post line 2").
  const field = (label: string) => group.getByLabel(label);
  await field('Service area').fill(values.serviceArea);
  await field('Job title').fill(values.jobTitle);
  await field('Grade').fill(values.grade);
  await field('Annual cost').fill(values.annualCost);
  await field('FTE').fill(values.fte);
}

/** The cells (when, what, who, authority, why) of the decision recorded with this reason. */
export async function decisionWithReason(page: Page, reason: string): Promise<string[]> {
  const rows = page
    .getByRole('table', { name: /^Who decided what/ })
    .getByRole('row')
    .filter({ hasText: reason });
  expect(await rows.count(), `one decision with the reason "${reason}"`).toBe(1);
  return (await rows.getByRole('cell').allTextContents()).map((text) => text.trim());
}

/** The page's width and the window's: a page reflows when it is no wider (WCAG 2.2, 1.4.10). */
export async function pageWidths(page: Page): Promise<{ scroll: number; inner: number }> {
  return page.evaluate(() => {
    // document.documentElement.scrollWidth <= window.innerWidth (no DOM types in this project).
    const browserWindow = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } };
      innerWidth: number;
    };
    return { scroll: browserWindow.document.documentElement.scrollWidth, inner: browserWindow.innerWidth };
  });
}
