import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, Result } from 'axe-core';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** The impacts that fail a page: a person using assistive technology is blocked or badly hindered. */
const failingImpacts = new Set(['serious', 'critical']);

export interface CheckedPage {
  /** What kind of page it is ("post page"), for the coverage check. */
  kind: string;
  /** Where it was and who looked at it, for the failure message. */
  where: string;
  /** The serious and critical violations found, one line each with the nodes they were on. */
  violations: string[];
}

function describe(violation: Result): string {
  const nodes = violation.nodes
    .map((node) => `    ${node.target.join(' ')}: ${node.failureSummary?.replaceAll('\n', ' ') ?? ''}`)
    .join('\n');
  return `${violation.id} (${violation.impact}): ${violation.help}\n${nodes}`;
}

/** Runs axe-core in the page as it stands and keeps what it found. */
export class AccessibilityLog {
  readonly checked: CheckedPage[] = [];

  async check(page: Page, kind: string, who: string): Promise<CheckedPage> {
    // Evaluated through the DevTools protocol rather than added as a <script>, so the pages' Content
    // Security Policy stays on during the journeys; added to each new document, as navigation drops it.
    await page.evaluate(axeSource);
    const results = await page.evaluate(() =>
      (globalThis as unknown as { axe: { run(options: object): Promise<AxeResults> } }).axe.run({
        resultTypes: ['violations'],
      }),
    );
    const checked = {
      kind,
      where: `${kind} (${who}) at ${new URL(page.url()).pathname}`,
      violations: results.violations
        .filter((violation) => failingImpacts.has(violation.impact ?? ''))
        .map(describe),
    };
    this.checked.push(checked);
    return checked;
  }

  kinds(): Set<string> {
    return new Set(this.checked.map((page) => page.kind));
  }
}
