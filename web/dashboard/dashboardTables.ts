import { londonDateOf } from '../../domain/workingDays.js';
import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { stageTag } from '../pages/stageTags.js';
import { budgetOnPage, budgetPageNote } from './budgetOnPage.js';
import { phaseNames } from './phaseNames.js';

/**
 * Every table of the dashboard, defined once: the page shows them, and each is a CSV file and a
 * sheet of the workbook. Cells hold values, not text (pence, ratios, ISO dates), so each output
 * writes them its own way: "28.6%" on the page and in the CSV, a percentage cell in the workbook.
 */
export type CellKind = 'text' | 'count' | 'fte' | 'percent' | 'pounds' | 'days' | 'date';
export type Cell = string | number | null;

export interface Column {
  heading: string;
  kind: CellKind;
}

export interface DashboardTable {
  /** The file name (`<id>.csv`) and the page's anchor. */
  id: string;
  /** The caption, and the sheet's name unless `sheet` gives a shorter one. */
  title: string;
  /** The workbook's sheet name, where the title is longer than a sheet name may be (31 characters). */
  sheet?: string;
  columns: Column[];
  rows: Cell[][];
  /** Rows the page shows, when it shows fewer than the files hold (stages with posts in them). */
  pageRows?: Cell[][];
  /** What the page says under the table when it shows fewer rows than the files hold. */
  pageNote?: string;
  /** What the page says when there are no rows. */
  empty: string;
}

export type NameOf = (id: string) => string;

const text = (heading: string): Column => ({ heading, kind: 'text' });
const count = (heading: string): Column => ({ heading, kind: 'count' });
const fte = (heading: string): Column => ({ heading, kind: 'fte' });
const percent = (heading: string): Column => ({ heading, kind: 'percent' });
const pounds = (heading: string): Column => ({ heading, kind: 'pounds' });
const days = (heading: string): Column => ({ heading, kind: 'days' });
const date = (heading: string): Column => ({ heading, kind: 'date' });

export const wholeServiceName = 'Whole service (not by service area)';
export const allGradesName = 'Not by grade';

/** A proposal by its title; one from before titles were on the stream by its reference. */
export function proposalName(line: { proposalId: string; proposalTitle?: string }): string {
  if (line.proposalTitle) return line.proposalTitle;
  if (line.proposalId === 'A confidential proposal') return line.proposalId;
  return `Untitled proposal (reference ${line.proposalId})`;
}

function vacancyTables(figures: DashboardFigures): DashboardTable[] {
  const { vacancies } = figures;
  const area = (name: string | null) => name ?? wholeServiceName;
  const grade = (name: string | null) => name ?? allGradesName;
  const tables: DashboardTable[] = [
    {
      id: 'vacancies-by-service-area',
      title: 'Vacancies by service area',
      columns: [text('Service area'), fte('Establishment FTE'), fte('Vacant FTE'), percent('Vacancy rate')],
      rows: vacancies.byServiceArea.map((row) => [
        area(row.serviceArea),
        row.establishmentFte,
        row.vacantFte,
        row.vacancyRate,
      ]),
      empty: 'No establishment yet: no baseline, and no approved posts.',
    },
    {
      id: 'vacancies-by-service-area-and-grade',
      title: 'Vacancies by service area and grade',
      sheet: 'Vacancies by area and grade',
      columns: [
        text('Service area'),
        text('Grade'),
        fte('Establishment FTE'),
        fte('Vacant FTE'),
        percent('Vacancy rate'),
      ],
      rows: vacancies.byServiceAreaAndGrade.map((row) => [
        area(row.serviceArea),
        grade(row.grade),
        row.establishmentFte,
        row.vacantFte,
        row.vacancyRate,
      ]),
      empty: 'No establishment yet: no baseline, and no approved posts.',
    },
  ];
  const { baseline } = vacancies;
  if (baseline) {
    tables.push({
      id: 'establishment-baseline',
      title: 'Establishment baseline',
      columns: [
        text('Service area'),
        text('Grade'),
        fte('Establishment FTE'),
        fte('Vacant FTE'),
        percent('Vacancy rate'),
      ],
      rows: baseline.rows.map((row) => [
        area(row.serviceArea),
        grade(row.grade),
        row.establishmentFte,
        row.vacantFte,
        row.establishmentFte === 0 ? null : row.vacantFte / row.establishmentFte,
      ]),
      empty: 'The baseline is for the whole service, not for one service area.',
    });
  }
  return tables;
}

function pipelineTables(figures: DashboardFigures, nameOf: NameOf): DashboardTable[] {
  const stages = figures.pipeline.map((row) => [stageTag(row.stage).text, row.posts, row.fte]);
  return [
    {
      id: 'posts-by-stage',
      title: 'Posts by stage',
      columns: [text('Stage'), count('Posts'), fte('FTE')],
      rows: stages,
      pageRows: stages.filter((row) => row[1] !== 0),
      empty: 'There are no posts yet.',
    },
    {
      id: 'posts-by-stage-over-time',
      title: 'Posts by stage, week by week',
      columns: [date('Week beginning'), ...phaseNames.map(({ name }) => count(name))],
      rows: figures.stagesOverTime.map((week) => [
        week.weekBeginning,
        ...phaseNames.map(({ phase }) => week.posts[phase]),
      ]),
      empty: 'There are no posts yet.',
    },
    {
      id: 'time-in-stage',
      title: 'Time in each stage',
      columns: [
        text('Stage'),
        count('Posts that left it'),
        days('Median (days)'),
        days('90th percentile (days)'),
      ],
      rows: figures.timeInStage.map((row) => [
        stageTag(row.stage).text,
        row.posts,
        row.medianDays,
        row.p90Days,
      ]),
      // Every stage is in the files; the page lists those posts have left, as its chart does.
      pageRows: figures.timeInStage
        .filter((row) => row.posts > 0)
        .map((row) => [stageTag(row.stage).text, row.posts, row.medianDays, row.p90Days]),
      empty: 'No post has left a stage yet.',
    },
    {
      id: 'overdue-approvals',
      title: 'Overdue approvals',
      columns: [
        text('Job title'),
        text('Service area'),
        text('Grade'),
        text('Proposal'),
        text('Waiting on'),
        date('Overdue since'),
        count('Working days waiting'),
        text('Escalated'),
      ],
      rows: figures.overdueApprovals.posts.map((post) => [
        post.jobTitle ?? 'A post',
        post.serviceArea ?? null,
        post.grade ?? null,
        proposalName(post),
        post.waitingOn
          ? `${nameOf(post.waitingOn)} (${post.escalated ? 'deputy director' : 'director'})`
          : null,
        londonDateOf(Date.parse(post.since)),
        post.workingDaysWaiting,
        post.escalated ? 'Yes' : 'No',
      ]),
      empty:
        figures.overdueApprovals.confidential > 0
          ? 'Only confidential posts are overdue: they are counted, not listed.'
          : 'No approval is overdue.',
    },
  ];
}

function budgetRow(line: DashboardFigures['budget'][number]): Cell[] {
  return [
    proposalName(line),
    line.allocationPence,
    line.committedPence,
    line.allocationPence ? line.committedPence / line.allocationPence : null,
    line.headroomPence,
    line.postsReserved,
  ];
}

function moneyAndWorkforceTables(figures: DashboardFigures): DashboardTable[] {
  const onPage = budgetOnPage(figures.budget);
  const note = budgetPageNote(onPage);
  return [
    {
      id: 'budget',
      title: 'Budget committed by proposal',
      columns: [
        text('Proposal'),
        pounds('Allocation (£)'),
        pounds('Committed (£)'),
        percent('Committed of allocation'),
        pounds('Headroom (£)'),
        count('Posts reserved'),
      ],
      rows: figures.budget.map(budgetRow),
      pageRows: onPage.shown.map(budgetRow),
      ...(note ? { pageNote: note } : {}),
      empty: 'No budget reserved yet.',
    },
    {
      id: 'agency-cover',
      title: 'Agency cover by service area',
      columns: [text('Service area'), count('Posts'), fte('FTE'), pounds('Weekly cost (£)')],
      rows: figures.agencyCover.byServiceArea.map((row) => [
        row.serviceArea,
        row.posts,
        row.fte,
        row.weeklyCostPence,
      ]),
      empty: 'No post is covered by an agency worker.',
    },
    {
      id: 'waiting-lists',
      title: 'Waiting lists',
      columns: [
        text('Service area'),
        count('Children'),
        count('Out of timescale'),
        percent('Out of timescale rate'),
        fte('Vacant FTE'),
      ],
      rows: figures.waitingLists.map((list) => [
        list.serviceArea,
        list.children,
        list.outOfTimescale,
        list.outOfTimescaleRate,
        list.vacantFte,
      ]),
      empty: 'No waiting list recorded.',
    },
  ];
}

/** Every table, in the order the page shows them. */
export function dashboardTables(figures: DashboardFigures, nameOf: NameOf): DashboardTable[] {
  return [...vacancyTables(figures), ...pipelineTables(figures, nameOf), ...moneyAndWorkforceTables(figures)];
}

/** The ids of every table there can be, for the CSV routes. */
export const tableIds = [
  'vacancies-by-service-area',
  'vacancies-by-service-area-and-grade',
  'establishment-baseline',
  'posts-by-stage',
  'posts-by-stage-over-time',
  'time-in-stage',
  'overdue-approvals',
  'budget',
  'agency-cover',
  'waiting-lists',
] as const;
