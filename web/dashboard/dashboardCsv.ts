import type { DashboardFigures } from '../../projections/dashboardFigures.js';
import { csvRows } from '../csv.js';
import { formatPercent } from './dashboardFormats.js';
import { type Cell, type CellKind, type DashboardTable, dashboardTables } from './dashboardTables.js';

/** A cell as a spreadsheet reads it best: percentages as people write them, pounds as numbers. */
function csvCell(cell: Cell, kind: CellKind): string | number | null {
  if (typeof cell !== 'number') return cell;
  if (kind === 'percent') return formatPercent(cell);
  if (kind === 'pounds') return cell / 100;
  return cell;
}

/**
 * One table as CSV (RFC 4180, CRLF): its column headings, then a row per row. Text that a spreadsheet
 * would take for a formula is quoted with an apostrophe (web/csv.ts), as in the audit log's export.
 */
export function tableCsv(table: DashboardTable): string {
  return csvRows([
    table.columns.map((column) => column.heading),
    ...table.rows.map((row) => row.map((cell, index) => csvCell(cell, table.columns[index]?.kind ?? 'text'))),
  ]);
}

/** The vacancies by service area and grade (`/dashboard.csv`, the first CSV the dashboard had). */
export function vacanciesCsv(figures: DashboardFigures): string {
  const table = dashboardTables(figures, (id) => id).find(
    (candidate) => candidate.id === 'vacancies-by-service-area-and-grade',
  );
  return table ? tableCsv(table) : '';
}
