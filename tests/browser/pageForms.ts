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

export async function fillPostLine(page: Page, line: number, values: PostLineEntry) {
  const group = page.getByRole('group', { name: `Post line ${line}`, exact: true });
  await group.getByLabel('Service area', { exact: true }).fill(values.serviceArea);
  await group.getByLabel('Job title', { exact: true }).fill(values.jobTitle);
  await group.getByLabel('Grade', { exact: true }).fill(values.grade);
  await group.getByLabel('Annual cost', { exact: true }).fill(values.annualCost);
  await group.getByLabel('FTE', { exact: true }).fill(values.fte);
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
