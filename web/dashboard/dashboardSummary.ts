import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { formatDays, formatFte, formatLongDate, formatPercent, formatPounds } from './dashboardFormats.js';
import type { DashboardTable, NameOf } from './dashboardTables.js';

const posts = (n: number) => `${n} ${n === 1 ? 'post' : 'posts'}`;
const orNotKnown = <T>(value: T | null, format: (value: T) => string) =>
  value === null ? 'not known' : format(value);

/** The headline figures as rows of words: the page's summary list, the workbook's first sheet. */
export function summaryRows(figures: DashboardFigures, nameOf: NameOf): [string, string][] {
  const { vacancies, overdueApprovals, agencyCover, internationalRecruits: international } = figures;
  const { baseline } = vacancies;
  const committed = figures.budget.reduce((sum, line) => sum + line.committedPence, 0);
  const allocated = figures.budget.reduce((sum, line) => sum + (line.allocationPence ?? 0), 0);
  const headroom = figures.budget.reduce((sum, line) => sum + (line.headroomPence ?? 0), 0);
  const duration = (figure: DashboardFigures['timeToFill']) =>
    `median ${orNotKnown(figure.medianDays, formatDays)}, 90th percentile ${orNotKnown(figure.p90Days, formatDays)} (${posts(figure.posts)})`;
  return [
    ['Vacancy rate', orNotKnown(vacancies.total.vacancyRate, formatPercent)],
    [
      'Vacant FTE',
      `${formatFte(vacancies.total.vacantFte)} of ${formatFte(vacancies.total.establishmentFte)} establishment FTE`,
    ],
    [
      'Establishment baseline',
      baseline
        ? `${formatFte(baseline.establishmentFte)} FTE, ${formatFte(baseline.vacantFte)} vacant, on ${formatLongDate(baseline.asOf)}${baseline.source ? ` (${baseline.source})` : ''}, recorded by ${nameOf(baseline.recordedBy)}${baseline.coversFilter ? '' : ': for the whole service, so not in one service area’s figures'}`
        : 'None recorded: the establishment is the posts approved here',
    ],
    [
      'Overdue approvals',
      `${overdueApprovals.count}${overdueApprovals.confidential ? ` (${overdueApprovals.confidential} confidential, not listed)` : ''}`,
    ],
    [
      'Budget committed',
      `${formatPounds(committed)} of ${formatPounds(allocated)} committed (${formatPounds(headroom)} headroom)`,
    ],
    [
      'Agency cover',
      `${formatFte(agencyCover.fte)} FTE, ${formatPounds(agencyCover.weeklyCostPence)} a week`,
    ],
    [
      'International recruits',
      `${international.recruited}${international.cap === null ? '' : ` of a cap of ${international.cap}`}${international.inServiceArea === undefined ? '' : ` for the whole service; ${international.inServiceArea} in this service area`}`,
    ],
    ['Apprentices in training', String(figures.apprenticesInTraining)],
    ['Re-adverts', `${figures.readverts.readverts} (${posts(figures.readverts.postsReadvertised)})`],
    ['Time to approve', duration(figures.timeToApprove)],
    ['Time to fill', duration(figures.timeToFill)],
  ];
}

export function summaryTable(figures: DashboardFigures, nameOf: NameOf): DashboardTable {
  return {
    id: 'summary',
    title: 'Summary',
    columns: [
      { heading: 'Figure', kind: 'text' },
      { heading: 'Value', kind: 'text' },
    ],
    rows: summaryRows(figures, nameOf),
    empty: '',
  };
}
