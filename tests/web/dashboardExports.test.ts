import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { dashboardFigures } from '../../projections/dashboardFigures.js';
import { budgetChart, stagesOverTimeChart, timeInStageChart } from '../../web/dashboard/dashboardCharts.js';
import { tableCsv } from '../../web/dashboard/dashboardCsv.js';
import { summaryTable } from '../../web/dashboard/dashboardSummary.js';
import { type DashboardTable, dashboardTables } from '../../web/dashboard/dashboardTables.js';
import { dashboardWorkbook } from '../../web/dashboard/dashboardXlsx.js';
import { exampleDirectory } from '../support/exampleDirectory.js';
import { dashboardFixtureModel, planTitle } from './dashboardFixture.js';

const directory = exampleDirectory();
const nameOf = (id: string) => directory.nameOf(id);
const figures = () => dashboardFigures(dashboardFixtureModel());
const tableOf = (id: string) => {
  const table = dashboardTables(figures(), nameOf).find((candidate) => candidate.id === id);
  if (!table) throw new Error(`no table ${id}`);
  return table;
};

describe('the dashboard’s tables', () => {
  it('name proposals by their titles and people by their names, never by ids', () => {
    const budget = tableOf('budget');
    expect(budget.rows.map((row) => row[0])).toEqual([
      'Fostering recruitment',
      'A confidential proposal',
      planTitle,
    ]);
    const overdue = tableOf('overdue-approvals');
    expect(overdue.rows).toEqual([
      [
        'Social worker',
        "Children's Social Work",
        'PO1',
        planTitle,
        'Julie Longworth (director)',
        '2022-07-08',
        5,
        'No',
      ],
    ]);
    expect(overdue.empty).toMatch(/confidential/);
    const everything = JSON.stringify(dashboardTables(figures(), nameOf));
    for (const id of ['seed-2022', 'plan.L1.P4', 'director.julie', 'restructure-2026', 'Restructure']) {
      expect(everything).not.toContain(id);
    }
  });

  it('give the vacancies against the baseline by service area: 74.5 of 504 FTE in all', () => {
    const { total } = figures().vacancies;
    expect(total).toEqual({ establishmentFte: 504, vacantFte: 74.5, vacancyRate: 74.5 / 504 });
    expect(tableOf('vacancies-by-service-area').rows).toEqual([
      ["Children's Social Work", 304, 43, 43 / 304],
      ['Fostering', 200, 31.5, 31.5 / 200],
    ]);
    expect(tableOf('establishment-baseline').rows).toEqual([
      ["Children's Social Work", 'Not by grade', 300, 40, 40 / 300],
      ['Fostering', 'Not by grade', 200, 31.5, 31.5 / 200],
    ]);
  });
});

describe('a table as CSV', () => {
  const rates: DashboardTable = {
    id: 'rates',
    title: 'Rates',
    columns: [
      { heading: 'Service area', kind: 'text' },
      { heading: 'Rate', kind: 'percent' },
      { heading: 'Cost (£)', kind: 'pounds' },
    ],
    rows: [
      ['Kinship', 2 / 7, 142_252_800],
      ['Placement team', 1, 4_458_150],
      ['=HYPERLINK("x")', null, null],
    ],
    empty: '',
  };

  it('writes percentages as percentages, pounds as numbers, and formulas as text', () => {
    expect(tableCsv(rates).split('\r\n')).toEqual([
      'Service area,Rate,Cost (£)',
      'Kinship,28.6%,1422528',
      'Placement team,100%,44581.5',
      `"'=HYPERLINK(""x"")",,`,
      '',
    ]);
  });

  it('has a file for every table, the headline figures among them', () => {
    const csv = tableCsv(summaryTable(figures(), nameOf));
    expect(csv).toContain('Vacancy rate,14.8%');
    expect(csv).toContain('Budget committed,"£292,905 of £1,585,000 committed (£1,292,095 headroom)"');
    expect(tableCsv(tableOf('time-in-stage'))).toContain('Held,0,,');
    // New posts by their grade; the baseline's rows, and what changed in them, as the baseline gives them.
    expect(tableCsv(tableOf('vacancies-by-service-area-and-grade')).split('\r\n')).toEqual([
      'Service area,Grade,Establishment FTE,Vacant FTE,Vacancy rate',
      "Children's Social Work,PO1,4,3,75%",
      "Children's Social Work,Not by grade,300,40,13.3%",
      'Fostering,Not by grade,200,31.5,15.8%',
      '',
    ]);
  });
});

describe('the whole dashboard as a workbook', () => {
  it('has one sheet per table with its cells typed: percentages, pounds, dates, formula-safe text', async () => {
    const tables = [summaryTable(figures(), nameOf), ...dashboardTables(figures(), nameOf)];
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await dashboardWorkbook(tables)) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      'Summary',
      'Vacancies by service area',
      'Vacancies by area and grade',
      'Establishment baseline',
      'Posts by stage',
      'Posts by stage, week by week',
      'Time in each stage',
      'Overdue approvals',
      'Budget committed by proposal',
      'Agency cover by service area',
      'Waiting lists',
    ]);
    const areas = workbook.getWorksheet('Vacancies by service area');
    expect(areas?.getRow(1).values).toEqual([
      undefined,
      'Service area',
      'Establishment FTE',
      'Vacant FTE',
      'Vacancy rate',
    ]);
    expect(areas?.getRow(1).font?.bold).toBe(true);
    const fostering = areas?.getRow(3);
    expect(fostering?.getCell(1).value).toBe('Fostering');
    expect(fostering?.getCell(3).value).toBe(31.5);
    expect(fostering?.getCell(4).value).toBeCloseTo(0.1575, 10);
    expect(fostering?.getCell(4).numFmt).toBe('0.0%');

    const budget = workbook.getWorksheet('Budget committed by proposal');
    expect(budget?.getRow(2).values).toEqual([
      undefined,
      'Fostering recruitment',
      35_000,
      30_000,
      30_000 / 35_000,
      5_000,
      1,
    ]);
    expect(budget?.getRow(2).getCell(2).numFmt).toBe('"£"#,##0.00');

    const grades = workbook.getWorksheet('Vacancies by area and grade');
    expect(grades?.getRow(4).values).toEqual([undefined, 'Fostering', 'Not by grade', 200, 31.5, 0.1575]);

    const overdue = workbook.getWorksheet('Overdue approvals');
    expect(overdue?.getRow(2).getCell(6).value).toEqual(new Date('2022-07-08T00:00:00Z'));
    expect(overdue?.getRow(2).getCell(5).value).toBe('Julie Longworth (director)');
  });

  it('makes text that starts like a formula safe', async () => {
    const table: DashboardTable = {
      id: 't',
      title: 'Grades',
      columns: [{ heading: 'Grade', kind: 'text' }],
      rows: [['=C3'], ['+1'], ['-1'], ['@SUM(A1)'], ['C3']],
      empty: '',
    };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await dashboardWorkbook([table])) as unknown as Parameters<typeof workbook.xlsx.load>[0],
    );
    const sheet = workbook.getWorksheet('Grades');
    expect([2, 3, 4, 5, 6].map((row) => sheet?.getRow(row).getCell(1).value)).toEqual([
      "'=C3",
      "'+1",
      "'-1",
      "'@SUM(A1)",
      'C3',
    ]);
  });
});

describe('the charts', () => {
  it('draw time in stage as a median bar inside a 90th percentile outline, stage by stage, with words', () => {
    const chart = timeInStageChart(figures());
    expect(chart?.title).toBe('Time in each stage: median and 90th percentile');
    expect(chart?.description).toBe(
      '6 stages that posts have left. The longest 90th percentile is advertised: 30 days (median 30 days). Every figure is in the table that follows.',
    );
    const labels = chart?.texts.filter((text) => text.kind === 'label').map((text) => text.text);
    // Proposed and reserved at one instant: no time in the budget check, so no row for it.
    expect(labels).toEqual([
      'Awaiting approval',
      'Consultation',
      'Call-in period',
      'Called in',
      'Ready to recruit',
      'Advertised',
    ]);
    // Every bar and outline within the chart, none wider than the bars' room.
    for (const shape of chart?.shapes ?? [])
      expect(shape.x + shape.width).toBeLessThanOrEqual(chart?.width ?? 0);
  });

  it('draw posts by stage week by week as a row of bars per phase, to one scale', () => {
    const chart = stagesOverTimeChart(figures());
    expect(chart?.tableId).toBe('posts-by-stage-over-time');
    expect(chart?.texts.filter((text) => text.kind === 'label').map((text) => text.text)).toEqual([
      'Approval',
      'Consultation and call-in',
      'Recruitment',
      'Held',
      'Filled',
    ]);
    expect(chart?.description).toMatch(
      /^7 weeks, from the week beginning 27 June 2022 to the week beginning 8 August 2022/,
    );
    expect(chart?.description).toContain(
      'In the latest week: approval 3, consultation and call-in 1, recruitment 1, held 1, filled 1',
    );
  });

  it('draw the budget committed as a share of each allocation, named by title', () => {
    const chart = budgetChart(figures());
    expect(chart?.description).toBe(
      'The share of each proposal’s allocation committed: Fostering recruitment: 85.7%; A confidential proposal: 80%; Investment in Children and Families Transition Plan: 14.9%. The amounts are in the table that follows.',
    );
    const committed = chart?.shapes.filter((shape) => shape.kind === 'bar' && shape.y > 20);
    expect(committed?.map((shape) => shape.width)).toEqual([188.6, 176, 32.7]);
  });
});

describe('a council with years of proposals', () => {
  // 25 proposals with £100,000 allocations, proposal n having £n,000 committed; one with none stated.
  const many = () => {
    const base = figures();
    const budget = Array.from({ length: 25 }, (_, i) => ({
      proposalId: `proposal-${i + 1}`,
      proposalTitle: `Plan ${i + 1}`,
      allocationPence: 10_000_000,
      committedPence: (i + 1) * 100_000,
      headroomPence: 10_000_000 - (i + 1) * 100_000,
      postsReserved: 1,
    }));
    budget.push({
      ...budget[0],
      proposalId: 'no-allocation',
      proposalTitle: 'Unstated',
      allocationPence: null,
    } as never);
    return { ...base, budget };
  };

  it('shows the 20 proposals nearest their allocation on the page, says so, and keeps every one in the CSV', () => {
    const table = dashboardTables(many(), nameOf).find(
      (candidate) => candidate.id === 'budget',
    ) as DashboardTable;
    expect(table.rows).toHaveLength(26);
    expect(table.pageRows?.map((row) => row[0])).toEqual(
      Array.from({ length: 20 }, (_, i) => `Plan ${25 - i}`),
    );
    expect(table.pageNote).toBe(
      'Showing the 20 proposals with the most of their allocation committed, of 26. The CSV file lists them all.',
    );
    expect(
      tableCsv(table)
        .split('\r\n')
        .filter((line) => line !== ''),
    ).toHaveLength(27);
  });

  it('draws the same 20 in the budget chart', () => {
    const chart = budgetChart(many());
    expect(chart?.description).toContain('Plan 25: 25%');
    expect(chart?.description).toContain('Plan 6: 6%');
    expect(chart?.description).not.toContain('Plan 5:');
    expect(chart?.description).not.toContain('Unstated');
  });

  it('shows every proposal, with no note, when there are 20 or fewer', () => {
    const table = tableOf('budget');
    expect(table.pageRows).toEqual(table.rows);
    expect(table.pageNote).toBeUndefined();
  });
});
