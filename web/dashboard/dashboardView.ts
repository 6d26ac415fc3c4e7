import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { type Chart, dashboardCharts } from './dashboardCharts.js';
import { formatFte, formatLongDate, formatPercent, formatPounds } from './dashboardFormats.js';
import { summaryRows } from './dashboardSummary.js';
import {
  type Cell,
  type CellKind,
  type DashboardTable,
  dashboardTables,
  type NameOf,
} from './dashboardTables.js';

export interface PageCell {
  text: string;
  numeric: boolean;
}

export interface PageTable {
  id: string;
  title: string;
  headings: PageCell[];
  rows: { header: string; cells: PageCell[] }[];
  empty: string;
  /** Said under the table when the page shows fewer rows than the CSV holds. */
  note?: string;
  csvHref: string;
  chart?: Chart;
}

const numericKinds = new Set<CellKind>(['count', 'fte', 'percent', 'pounds', 'days']);

function cellText(cell: Cell, kind: CellKind): string {
  if (cell === null) return kind === 'pounds' ? 'None stated' : 'Not known';
  if (typeof cell === 'string') return kind === 'date' ? formatLongDate(cell) : cell;
  switch (kind) {
    case 'fte':
    case 'days':
      return formatFte(cell);
    case 'percent':
      return formatPercent(cell);
    case 'pounds':
      return formatPounds(cell);
    default:
      return String(cell);
  }
}

function pageTable(table: DashboardTable, query: string, chart: Chart | undefined): PageTable {
  const rows = (table.pageRows ?? table.rows).map((row) => {
    const [first, ...rest] = row.map((cell, index) => {
      const kind = table.columns[index]?.kind ?? 'text';
      return { text: cellText(cell, kind), numeric: numericKinds.has(kind) };
    });
    return { header: first?.text ?? '', cells: rest };
  });
  return {
    id: table.id,
    title: table.title,
    // The page writes £ in each cell, so its headings need not say it; the CSV's do.
    headings: table.columns.map((column) => ({
      text: column.kind === 'pounds' ? column.heading.replace(/ \(£\)$/, '') : column.heading,
      numeric: numericKinds.has(column.kind),
    })),
    rows,
    empty: table.empty,
    ...(table.pageNote ? { note: table.pageNote } : {}),
    csvHref: `/dashboard/${table.id}.csv${query}`,
    ...(chart ? { chart } : {}),
  };
}

/** The query string that keeps the chosen service area on every link: `?serviceArea=…` or nothing. */
export function filterQuery(figures: DashboardFigures): string {
  const area = figures.filter.serviceArea;
  return area === null ? '' : `?serviceArea=${encodeURIComponent(area)}`;
}

/** Everything the dashboard page shows, in words and pounds: its templates only lay it out. */
export function dashboardView(figures: DashboardFigures, nameOf: NameOf) {
  const query = filterQuery(figures);
  const charts = dashboardCharts(figures);
  const tables = new Map(
    dashboardTables(figures, nameOf).map((table) => [table.id, pageTable(table, query, charts[table.id])]),
  );
  const pick = (...ids: string[]) => ids.flatMap((id) => tables.get(id) ?? []);
  const { vacancies } = figures;
  return {
    figures,
    query,
    serviceArea: figures.filter.serviceArea,
    serviceAreaItems: [
      { value: '', text: 'All service areas', selected: figures.filter.serviceArea === null },
      ...figures.filter.serviceAreas.map((area) => ({
        value: area,
        text: area,
        selected: area === figures.filter.serviceArea,
      })),
    ],
    summary: summaryRows(figures, nameOf).map(([key, value]) => ({
      key: { text: key },
      value: { text: value },
    })),
    baseline: vacancies.baseline
      ? { ...vacancies.baseline, recordedByName: nameOf(vacancies.baseline.recordedBy) }
      : null,
    parts: Object.fromEntries(Object.entries(vacancies.parts).map(([part, fte]) => [part, formatFte(fte)])),
    posts: figures.pipeline.reduce((sum, stage) => sum + stage.posts, 0),
    sections: [
      {
        id: 'vacancies',
        heading: 'Vacancies',
        tables: pick(
          'vacancies-by-service-area',
          'vacancies-by-service-area-and-grade',
          'establishment-baseline',
        ),
      },
      {
        id: 'pipeline',
        heading: 'Pipeline',
        tables: pick('posts-by-stage', 'posts-by-stage-over-time', 'time-in-stage', 'overdue-approvals'),
      },
      { id: 'budget-section', heading: 'Budget', tables: pick('budget') },
      { id: 'workforce', heading: 'Workforce', tables: pick('agency-cover', 'waiting-lists') },
    ],
  };
}
