import type { DashboardFigures } from '../../projections/dashboardFigures.js';

type BudgetLine = DashboardFigures['budget'][number];

/**
 * How many proposals the page's budget chart and table show. A council with years of proposals would
 * otherwise get a page thousands of rows long; the CSV and the workbook keep every one.
 */
export const budgetLinesOnPage = 20;

/**
 * The proposals the page shows: those with the most of their allocation committed (the ones nearest
 * their limit), then the most committed in pounds; proposals with no allocation stated last.
 */
export function budgetOnPage(lines: readonly BudgetLine[]): { shown: BudgetLine[]; of: number } {
  const share = (line: BudgetLine) =>
    line.allocationPence ? line.committedPence / line.allocationPence : Number.NEGATIVE_INFINITY;
  const shown =
    lines.length <= budgetLinesOnPage
      ? [...lines]
      : [...lines]
          .sort((a, b) => share(b) - share(a) || b.committedPence - a.committedPence)
          .slice(0, budgetLinesOnPage);
  return { shown, of: lines.length };
}

/** What the page says under the budget table when it shows fewer proposals than there are. */
export function budgetPageNote({ shown, of }: { shown: BudgetLine[]; of: number }): string | undefined {
  return shown.length < of
    ? `Showing the ${shown.length} proposals with the most of their allocation committed, of ${of}. The CSV file lists them all.`
    : undefined;
}
